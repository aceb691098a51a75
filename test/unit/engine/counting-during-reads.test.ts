import { describe, expect, it } from 'vitest';
import { createEngine, type SonaEngine, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { createPgliteStores } from '../../../src/stores/pglite/index.js';
import type { StoreSet } from '../../../src/stores/types.js';

const T0 = Date.UTC(2025, 0, 1);
const ITEMS = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, title: `Film ${i}`, genres: [`g${i % 3}`] }));

/** Item i watched by 12 − i viewers: a clear order for trending. */
function viewing(): ViewingEvent[] {
  return ITEMS.flatMap((item, i) =>
    Array.from({ length: 12 - i }, (_, v) => ({ userId: `v${v}`, contentId: item.id, type: 'complete' as const, timestamp: T0 - (i * 20 + v) * 60_000 })),
  );
}

/** Five newcomers watch the least watched item: it moves up, counted once. */
const LATE: ViewingEvent[] = Array.from({ length: 5 }, (_, v) => ({ userId: `late${v}`, contentId: 'i11', type: 'complete', timestamp: T0 - 1000 }));

/** `stores` whose scans of the events run `hook` first or last. */
function hooked(stores: StoreSet, when: 'first' | 'last', hook: () => Promise<unknown>): StoreSet {
  const events = stores.events;
  const scan: StoreSet['events']['scan'] = async function* (options) {
    if (when === 'first') await hook();
    yield* events.scan(options);
    if (when === 'last') await hook();
  };
  return { ...stores, events: Object.assign(Object.create(events) as StoreSet['events'], { scan }) };
}

/** A newcomer's list with its scores: trending's counts show in both. */
async function newcomer(engine: SonaEngine): Promise<string[]> {
  return (await engine.recommend('newcomer', { count: 12 })).map((r) => `${r.itemId} ${r.score.toFixed(6)}`);
}

const options = { clock: () => T0, cache: { enabled: false }, builtinSources: ['trending'] } as const;

/** The two embedded store sets, each fresh. */
const backends = [
  ['memory', async () => ({ stores: createMemoryStores({ dimension: 512 }), close: async () => {} })],
  [
    'PGlite',
    async () => {
      const pg = await createPgliteStores({ dimension: 512, vectorIndex: 'exact' });
      return { stores: pg.stores, close: () => pg.close() };
    },
  ],
] as const;

describe.each(backends)('events that arrive while an instance reads every stored event (%s)', (_name, make) => {
  it('are kept by a fit that counts everything again: the fitting instance serves what a fresh one does', async () => {
    const { stores, close } = await make();
    const seed = await createEngine({ ...options, stores });
    await seed.upsertContent(ITEMS);
    await seed.track(viewing());
    await seed.close();
    // Tracked on the fitting instance once its fit has read the events (and before it counts them again).
    let fitting = false;
    const trainer: SonaEngine = await createEngine({ ...options, stores: hooked(stores, 'last', async () => fitting && (await trainer.track(LATE))) });
    fitting = true;
    await trainer.fit({ tune: false });
    fitting = false;
    const fresh = await createEngine({ ...options, stores });
    // The late viewers lift the least watched item (one viewer before them, six with them).
    expect((await newcomer(fresh)).findIndex((line) => line.startsWith('i11 '))).toBeLessThan(8);
    expect(await newcomer(trainer)).toEqual(await newcomer(fresh));
    await Promise.all([trainer.close(), fresh.close()]);
    await close();
  });

  it('are counted once by an instance starting while another tracks them', async () => {
    const { stores, close } = await make();
    const writer = await createEngine({ ...options, stores });
    await writer.upsertContent(ITEMS);
    await writer.track(viewing());
    // Stored and published after the starting instance listens, before it reads the events: it
    // reads them and then hears of them.
    let tracked = false;
    const trackOnce = async () => {
      if (tracked) return;
      tracked = true;
      await writer.track(LATE);
    };
    const starting = await createEngine({ ...options, stores: hooked(stores, 'first', trackOnce) });
    const fresh = await createEngine({ ...options, stores });
    // The held notice is applied just after the load; give it a turn.
    await new Promise((r) => setTimeout(r, 20));
    expect(await newcomer(starting)).toEqual(await newcomer(fresh));
    await Promise.all([writer.close(), starting.close(), fresh.close()]);
    await close();
  });
});
