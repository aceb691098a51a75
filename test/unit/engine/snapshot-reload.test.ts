import { describe, expect, it } from 'vitest';
import { createEngine, type SonaEngine, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import type { TrackedEvent } from '../../../src/core/types.js';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const ITEMS = Array.from({ length: 40 }, (_, i) => ({ id: `i${i}`, title: `Film ${i}`, genres: [`g${i % 4}`] }));

/**
 * A year of viewing in which last month's favourites differ from the year's: the half-life
 * decides what is popular, so the tuner has one to choose.
 */
function viewing(): ViewingEvent[] {
  const events: ViewingEvent[] = [];
  for (let u = 0; u < 160; u++) {
    const recent = u % 2 === 0;
    for (let k = 0; k < 8; k++) {
      const item = recent ? (u + k * 3) % 20 : 20 + ((u + k * 5) % 20);
      const at = recent ? T0 + 330 * DAY + (u * 8 + k) * 3_600_000 : T0 + ((u * 8 + k) % 300) * DAY;
      events.push({ userId: `u${u}`, contentId: `i${item}`, type: 'complete', timestamp: at });
    }
  }
  return events;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 5000) throw new Error(`${what}: not within 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('an instance serving while another fits', () => {
  it('counts popularity at the tuned half-life when the snapshot reaches it, as the fitting instance and a fresh one do', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const clock = () => T0 + 390 * DAY;
    const options = { stores, clock, cache: { enabled: false }, builtinSources: ['trending', 'item-knn'] } as const;
    const trainer = await createEngine(options);
    const logged: unknown[] = [];
    const server = await createEngine({ ...options, logger: { info: (fields: unknown) => logged.push(fields) } });
    await trainer.upsertContent(ITEMS);
    await trainer.track(viewing());
    const newcomer = async (engine: SonaEngine) => (await engine.recommend('newcomer', { count: 10 })).map((r) => r.itemId);
    // The server heard the events: it serves the trending list a fresh instance would.
    await until('events heard', async () => (await newcomer(server)).length === 10);
    const report = await trainer.fit({ tune: { budgetSeconds: 3 } });
    const halfLife = report.tuning.chosen!.halfLifeDays!;
    expect(halfLife).not.toBe(7);
    const expected = await newcomer(trainer);
    const fresh = await createEngine(options);
    expect(await newcomer(fresh)).toEqual(expected);
    // The server takes the snapshot while it runs: its list must not lose the counts.
    await until('snapshot taken', async () => JSON.stringify(await newcomer(server)) === JSON.stringify(expected));
    // The host hears it: a recount reads every event.
    expect(logged).toContainEqual(expect.objectContaining({ event: 'sona.snapshot.recount', halfLifeDays: halfLife, events: viewing().length }));
    await Promise.all([trainer.close(), server.close(), fresh.close()]);
  }, 60_000);

  it('keeps a half-life the host pinned when a fit reuses a tuning that chose another, as every other instance does', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const clock = () => T0 + 390 * DAY;
    const base = { stores, clock, cache: { enabled: false }, builtinSources: ['trending', 'item-knn'] } as const;
    const trainer = await createEngine(base);
    await trainer.upsertContent(ITEMS);
    await trainer.track(viewing());
    const halfLife = (await trainer.fit({ tune: { budgetSeconds: 3 } })).tuning.chosen!.halfLifeDays!;
    expect(halfLife).not.toBe(7);
    await trainer.close();
    // The host pins trending's half-life; the next fit reuses the stored tuning.
    const pinned = { ...base, trending: { halfLifeDays: 7 } };
    const refit = await createEngine(pinned);
    expect((await refit.fit()).tuning.status).toBe('reused');
    const fresh = await createEngine(pinned);
    const newcomer = async (engine: SonaEngine) => (await engine.recommend('newcomer', { count: 10 })).map((r) => r.itemId);
    expect(await newcomer(refit)).toEqual(await newcomer(fresh));
    await Promise.all([refit.close(), fresh.close()]);
  }, 60_000);

  it('reads everything again after a lost connection: the catalogue, attributes and events it missed, as a fresh instance does', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const clock = () => T0 + 390 * DAY;
    const options = { stores, clock, cache: { enabled: false }, builtinSources: ['trending', 'demographic', 'item-knn'] } as const;
    const logged: unknown[] = [];
    const server = await createEngine({ ...options, logger: { info: (fields: unknown) => logged.push(fields) } });
    await server.upsertContent(ITEMS);
    await server.track(viewing().slice(0, 400));
    // What other instances did while this one's connection was down: written, never heard.
    const missed = viewing()
      .slice(400)
      .map((e, i): TrackedEvent => ({ id: `m${i}`, userId: e.userId, contentId: e.contentId, type: e.type, timestamp: e.timestamp as number, rewatch: false }));
    await stores.events.append(missed);
    await stores.content.upsert([{ id: 'premiere', title: 'Premiere' }]);
    await stores.content.delete(['i3']);
    for (let u = 0; u < 160; u += 2)
      await stores.profiles.putAttributes({ userId: `u${u}`, demographics: { band: 'recent' }, preferredGenres: [], updatedAt: new Date(T0) });
    await stores.profiles.putAttributes({ userId: 'newcomer', demographics: { band: 'recent' }, preferredGenres: [], updatedAt: new Date(T0) });
    const fresh = await createEngine(options);
    const newcomer = async (engine: SonaEngine) => (await engine.recommend('newcomer', { count: 10 })).map((r) => r.itemId);
    const expected = await newcomer(fresh);
    expect(expected).not.toContain('i3');
    expect(await newcomer(server)).not.toEqual(expected);
    await stores.changes!.publish({ kind: 'resync' }, 'connection');
    await until('resynced', async () => JSON.stringify(await newcomer(server)) === JSON.stringify(expected));
    expect(logged).toContainEqual(expect.objectContaining({ event: 'sona.resync', items: ITEMS.length, removed: 1, events: viewing().length }));
    await Promise.all([server.close(), fresh.close()]);
  }, 60_000);
});
