import { describe, expect, it } from 'vitest';
import { createEngine, type SonaEngine } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { createPgliteStores } from '../../../src/stores/pglite/index.js';
import type { StoreSet } from '../../../src/stores/types.js';
import { CATALOG } from '../../fixtures/catalog.js';
import { evenSplit } from '../../fixtures/experiments.js';

const T0 = Date.UTC(2025, 0, 1);

/** Polls `check` until it holds or `ms` pass; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - started;
}

async function pair(stores: StoreSet): Promise<[SonaEngine, SonaEngine]> {
  const options = { stores, clock: () => T0, cache: { enabled: false } } as const;
  const a = await createEngine(options);
  await a.upsertContent(CATALOG);
  const b = await createEngine(options);
  return [a, b];
}

for (const [name, make] of [
  ['memory', async () => ({ stores: createMemoryStores(), close: async () => {} })],
  [
    'pglite',
    async () => {
      const pg = await createPgliteStores({ dimension: 512, vectorIndex: 'exact' });
      return { stores: pg.stores, close: () => pg.close() };
    },
  ],
] as const) {
  describe(`two instances on one ${name} store set`, () => {
    it('see each other’s trending, catalogue, attributes, forgotten users, experiments and snapshots at once', async () => {
      const { stores, close } = await make();
      const [a, b] = await pair(stores);
      // Trending: 200 views of one item on A lead B's cold-start list.
      await a.track(Array.from({ length: 200 }, (_, i) => ({ userId: `v${i}`, contentId: 'koyaanisqatsi', type: 'complete' as const, timestamp: T0 - i })));
      expect(await within(2000, async () => (await b.recommend('newcomer', { count: 1 }))[0]?.itemId === 'koyaanisqatsi')).toBeLessThan(2000);
      // Catalogue: an item added on A is served by B, a removed one no longer.
      await a.upsertContent({ id: 'thief', title: 'Thief', genres: ['Crime'], popularity: 1 });
      expect(await within(2000, async () => (await b.similarItems('heat', { count: 20 })).some((s) => s.itemId === 'thief'))).toBeLessThan(2000);
      await a.deleteContent(['koyaanisqatsi']);
      expect(await within(2000, async () => (await b.recommend('newcomer', { count: 10 })).every((r) => r.itemId !== 'koyaanisqatsi'))).toBeLessThan(2000);
      // Experiments: started on A, applied by B; paused on A, no longer applied by B.
      const e = await a.experiments.create(evenSplit('x'));
      await b.recommendDetailed('u1'); // B caches the (empty) running list
      await a.experiments.start(e.id);
      expect(await within(2000, async () => ((await b.recommendDetailed('u1')).experiments?.length ?? 0) === 1)).toBeLessThan(2000);
      await a.experiments.pause(e.id);
      expect(await within(2000, async () => (await b.recommendDetailed('u1')).experiments === undefined)).toBeLessThan(2000);
      // A snapshot A publishes is served by B.
      await a.track([0, 1, 2, 3].map((i) => ({ userId: `w${i % 2}`, contentId: CATALOG[i]!.id, type: 'complete' as const, timestamp: T0 - 10 - i })));
      await a.fit({ tune: false });
      expect(await within(2000, async () => (await b.recommendDetailed('w0')).sources.find((s) => s.source === 'collaborative')!.candidates > 0)).toBeLessThan(
        2000,
      );
      // Attributes set on A count on B.
      await a.updateUserAttributes('fan', { preferredGenres: ['Family'] });
      expect(await within(2000, async () => (await b.recommend('fan', { count: 3 })).some((r) => r.explanation === 'Because you like Family'))).toBeLessThan(
        2000,
      );
      await a.close();
      await b.close();
      await close();
    }, 60_000);
  });
}
