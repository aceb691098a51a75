import { describe, expect, it } from 'vitest';
import { createEngine, NotFoundError, StoreError } from '../../../src/index.js';
import { createMemoryStores, MemoryModelRepository } from '../../../src/stores/memory/index.js';
import { CATALOG } from '../../fixtures/catalog.js';
import type { ContentItem, ViewingEvent } from '../../../src/index.js';

const T0 = Date.UTC(2024, 0, 10);

/** Two taste groups over 16 items: users 0-11 watch items 0-7, users 12-23 items 8-15, each skipping one. */
function world() {
  const items: ContentItem[] = Array.from({ length: 16 }, (_, i) => ({ id: `m${i}`, title: `Movie ${i}` }));
  const events: ViewingEvent[] = [];
  for (let u = 0; u < 24; u++) {
    const block = u < 12 ? 0 : 8;
    for (let i = 0; i < 8; i++) {
      if (i === u % 8) continue;
      events.push({ userId: `u${u}`, contentId: `m${block + i}`, type: 'complete', timestamp: T0 - (u * 8 + i) * 60_000 });
    }
  }
  return { items, events };
}

const cfOnly = { blend: { weights: { collaborative: 1, 'item-knn': 1, trending: 0.01 } }, collaborative: { factors: 4, iterations: 15 }, clock: () => T0 };

describe('engine collaborative sources', () => {
  it('fit trains ALS and item-kNN, which recommend within the taste group', async () => {
    const { items, events } = world();
    const engine = await createEngine(cfOnly);
    await engine.upsertContent(items);
    await engine.track(events);
    const report = await engine.fit();
    expect(report.collaborative).toMatchObject({ users: 24, items: 16, snapshotVersion: 1 });
    const detailed = await engine.recommendDetailed('u3', { count: 1 });
    expect(detailed.items[0]!.itemId).toBe('m3'); // the one item of their group u3 skipped
    expect(detailed.sources.find((s) => s.source === 'collaborative')!.candidates).toBeGreaterThan(0);
    expect(detailed.sources.find((s) => s.source === 'item-knn')!.candidates).toBeGreaterThan(0);
  });

  it("a new event changes a user's recommendations at once (fold-in, no retraining)", async () => {
    const { items, events } = world();
    const engine = await createEngine(cfOnly);
    await engine.upsertContent(items);
    await engine.track(events);
    await engine.fit();
    // A user unknown at training time watches two items of the second group.
    await engine.track([
      { userId: 'newcomer', contentId: 'm9', type: 'complete', timestamp: T0 },
      { userId: 'newcomer', contentId: 'm10', type: 'complete', timestamp: T0 },
    ]);
    const recs = await engine.recommend('newcomer', { count: 3 });
    expect(recs.every((r) => Number(r.itemId.slice(1)) >= 8)).toBe(true);
    expect(recs[0]!.explanation).toMatch(/Because you watched Movie (9|10)|Popular with viewers like you/);
  });

  it("explain names the user's items behind a score", async () => {
    const { items, events } = world();
    const engine = await createEngine(cfOnly);
    await engine.upsertContent(items);
    await engine.track(events);
    await expect(engine.explain('u3', 'm3')).rejects.toBeInstanceOf(NotFoundError); // not fitted yet
    await engine.fit();
    const why = await engine.explain('u3', 'm3', { count: 3 });
    expect(why.source).toBe('collaborative');
    expect(why.contributions).toHaveLength(3);
    expect(why.contributions.every((c) => Number(c.itemId.slice(1)) < 8)).toBe(true);
  });

  it('a second engine serves the published snapshot without fitting', async () => {
    const { items, events } = world();
    const models = new MemoryModelRepository();
    const trainer = await createEngine({ ...cfOnly, stores: { models } });
    await trainer.upsertContent(items);
    await trainer.track(events);
    await trainer.fit();
    const expected = await trainer.recommend('u20', { count: 3 });

    const server = await createEngine({
      ...cfOnly,
      stores: { models, content: trainer.stores.content, events: trainer.stores.events, vectors: trainer.stores.vectors, profiles: trainer.stores.profiles },
    });
    expect((await server.recommend('u20', { count: 3 })).map((r) => r.itemId)).toEqual(expected.map((r) => r.itemId));
  });

  it('a corrupt newest snapshot is reported and the previous good one served; none good: no model, still up', async () => {
    const stores = createMemoryStores();
    const trainer = await createEngine({ stores });
    await trainer.upsertContent(CATALOG);
    await trainer.track(CATALOG.slice(0, 4).map((c, i) => ({ userId: `u${i % 2}`, contentId: c.id, type: 'complete' as const })));
    const good = (await trainer.fit({ tune: false })).collaborative.snapshotVersion!;
    await stores.models.save('models', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]));
    const reported: unknown[] = [];
    const instance = await createEngine({ stores, onBackgroundError: (e) => reported.push(e) });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(StoreError);
    expect(String((reported[0] as Error).message)).toMatch(/version 2 cannot be served/);
    expect(good).toBe(1);
    // Version 1's models serve: the collaborative source proposes for a trained user.
    const served = await instance.recommendDetailed('u0', { count: 3 });
    expect(served.sources.find((s) => s.source === 'collaborative')!.candidates).toBeGreaterThan(0);
    const models = new MemoryModelRepository();
    await models.save('models', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]));
    const bare = await createEngine({ stores: { models }, onBackgroundError: () => {} });
    await expect(bare.explain('u', 'x')).rejects.toMatchObject({ code: 'SONA_NOT_FOUND' });
  });
});
