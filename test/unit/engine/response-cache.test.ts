import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { dayPart } from '../../../src/algorithms/context/context-scores.js';
import { CATALOG } from '../../fixtures/catalog.js';

const T0 = Date.UTC(2025, 0, 1, 20); // 20:00 UTC, evening

async function counted() {
  const stores = createMemoryStores({ dimension: 512 });
  let reads = 0;
  const get = stores.profiles.get.bind(stores.profiles);
  stores.profiles.get = (userId: string) => {
    reads++;
    return get(userId);
  };
  const engine = await createEngine({ stores, clock: () => T0 });
  await engine.upsertContent(CATALOG);
  await engine.track({ userId: 'fan', contentId: 'heat', type: 'complete', timestamp: T0 - 1000 });
  return { engine, reads: () => reads };
}

/**
 * Memory stores that count cache writes, and whose profile reads (a request's first store read)
 * wait while `hold()` is in force, until `release()`.
 */
function gatedStores() {
  const stores = createMemoryStores({ dimension: 512 });
  const set = stores.cache.set.bind(stores.cache);
  let writes = 0;
  stores.cache.set = (...args: Parameters<typeof set>) => {
    writes++;
    return set(...args);
  };
  let gate: Promise<void> | undefined;
  let open = () => {};
  const get = stores.profiles.get.bind(stores.profiles);
  stores.profiles.get = async (userId: string) => {
    if (gate) await gate;
    return get(userId);
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return {
    stores,
    writes: () => writes,
    /** Runs `meanwhile` while `request` waits for its profile read, then lets both finish and their writes land. */
    whileComputing: async (request: () => Promise<unknown>, meanwhile: () => Promise<unknown>) => {
      gate = new Promise((resolve) => (open = resolve));
      const pending = request();
      await settle();
      await meanwhile();
      gate = undefined;
      open();
      await pending;
      await settle();
    },
  };
}

describe('recommendation cache', () => {
  it('serves a repeated request from the cache until the user tracks an event', async () => {
    const { engine, reads } = await counted();
    const first = await engine.recommend('fan', { count: 4 });
    const before = reads();
    expect(await engine.recommend('fan', { count: 4 })).toEqual(first);
    expect(reads()).toBe(before); // nothing recomputed
    await engine.track({ userId: 'fan', contentId: 'ronin', type: 'complete', timestamp: T0 - 500 });
    const after = await engine.recommend('fan', { count: 4 });
    expect(after.map((r) => r.itemId)).not.toContain('ronin');
  });

  it('writes off the request path, and drops the write of a list an event made stale meanwhile', async () => {
    const { stores, writes, whileComputing } = gatedStores();
    const engine = await createEngine({ stores, clock: () => T0 });
    await engine.upsertContent(CATALOG);
    await engine.track({ userId: 'fan', contentId: 'heat', type: 'complete', timestamp: T0 - 1000 });
    // The user tracks while the request is under way: its list may be stale, so it is not cached.
    await whileComputing(
      () => engine.recommend('fan', { count: 4 }),
      () => engine.track({ userId: 'fan', contentId: 'ronin', type: 'complete', timestamp: T0 - 500 }),
    );
    expect(writes()).toBe(0);
    // An undisturbed request is cached once its write lands, and the next one is served from it.
    const fresh = await engine.recommend('fan', { count: 4 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(writes()).toBe(1);
    expect(fresh.map((r) => r.itemId)).not.toContain('ronin');
    expect(await engine.recommend('fan', { count: 4 })).toEqual(fresh);
    expect(writes()).toBe(1);
    await engine.close();
  });

  it('drops the write of a list another instance’s event made stale meanwhile', async () => {
    const { stores, writes, whileComputing } = gatedStores();
    const a = await createEngine({ stores, clock: () => T0 });
    const b = await createEngine({ stores, clock: () => T0 });
    await a.upsertContent(CATALOG);
    await a.track({ userId: 'fan', contentId: 'heat', type: 'complete', timestamp: T0 - 1000 });
    // The other instance records an event while A computes: B's invalidation comes before A's
    // write, so that write must not happen, or both would serve the stale list until it expires.
    await whileComputing(
      () => a.recommend('fan', { count: 4 }),
      () => b.track({ userId: 'fan', contentId: 'ronin', type: 'complete', timestamp: T0 - 500 }),
    );
    expect(writes()).toBe(0);
    for (const engine of [a, b]) expect((await engine.recommend('fan', { count: 4 })).map((r) => r.itemId)).not.toContain('ronin');
    await a.close();
    await b.close();
  });

  it('keys on count, context band and options, and never caches a predicate', async () => {
    const { engine, reads } = await counted();
    await engine.recommend('fan', { count: 4 });
    let n = reads();
    await engine.recommend('fan', { count: 3 });
    expect(reads()).toBe(++n);
    await engine.recommend('fan', { count: 4, context: { time: Date.UTC(2025, 0, 1, 8) } }); // morning
    expect(reads()).toBe(++n);
    await engine.recommend('fan', { count: 4, context: { time: Date.UTC(2025, 0, 1, 21) } }); // evening, as the clock
    expect(reads()).toBe(n);
    await engine.recommend('fan', { count: 4, filter: () => true });
    await engine.recommend('fan', { count: 4, filter: () => true });
    expect(reads()).toBe(n + 2);
  });

  it('drops items deleted since the list was cached', async () => {
    const { engine } = await counted();
    const first = await engine.recommend('fan', { count: 4 });
    await engine.deleteContent([first[0]!.itemId]);
    expect((await engine.recommend('fan', { count: 4 })).map((r) => r.itemId)).not.toContain(first[0]!.itemId);
  });

  it('bands hours into parts of the day', () => {
    expect([0, 5, 6, 11, 12, 17, 18, 23].map(dayPart)).toEqual(['night', 'night', 'morning', 'morning', 'afternoon', 'afternoon', 'evening', 'evening']);
  });
});
