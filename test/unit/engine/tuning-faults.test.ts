import { describe, expect, it, vi } from 'vitest';
import { createEngine, type Source } from '../../../src/index.js';
import type { SourceInput } from '../../../src/sources/source.js';
import { hostSource, T0, throwing } from '../../fixtures/failing-sources.js';

describe('a source that fails while fit() tunes', () => {
  /** 240 users in 8 taste blocks of 12 films, 7 events each: enough to tune on. */
  async function tastes(sources: SourceInput | SourceInput[], onBackgroundError = vi.fn()) {
    const engine = await createEngine({
      clock: () => T0 + 30 * 86_400_000,
      builtinSources: ['item-knn', 'trending'],
      sources: Array.isArray(sources) ? sources : [sources],
      cache: { enabled: false },
      onBackgroundError,
    });
    await engine.upsertContent(Array.from({ length: 96 }, (_, i) => ({ id: `i${i}`, title: `Film ${i}`, genres: [`g${Math.floor(i / 12)}`] })));
    const events = [];
    for (let u = 0; u < 240; u++) {
      for (let k = 0; k < 7; k++)
        events.push({
          userId: `u${u}`,
          contentId: `i${(u % 8) * 12 + ((u * 5 + k * 7) % 12)}`,
          type: 'complete' as const,
          timestamp: T0 + (u * 9 + k) * 60_000,
        });
    }
    await engine.track(events);
    return { engine, onBackgroundError };
  }

  it('is judged without its part, as a request serves it meanwhile: the fit tunes, and the host hears', async () => {
    const down = hostSource('editors', { candidates: throwing('editors offline'), appliesTo: () => true });
    const { engine, onBackgroundError } = await tastes(down);
    const report = (await engine.fit({ tune: { budgetSeconds: 3 } })).tuning;
    expect(report.status).toBe('tuned');
    expect(onBackgroundError).toHaveBeenCalled();
    expect((onBackgroundError.mock.calls[0]![0] as Error).message).toBe('editors offline');
    expect(await engine.recommend('u1', { count: 5 })).toHaveLength(5);
    await engine.close();
  }, 60_000);

  it('that cannot train in the tuner keeps its best trial so far, or its settings, and the fit tunes', async () => {
    let calls = 0;
    /** Trains once, then throws: the tuner's later trials fail. */
    const fragile = (): Source => ({
      ...hostSource('fragile'),
      role: 'personal',
      tunables: [{ key: 'depth', min: 1, max: 100, scale: 'log' }],
      settings: { depth: 10 },
      fitted: true,
      fit: async () => {
        if (++calls > 1) throw new Error('cannot train');
      },
    });
    const broken = (): Source => ({ ...fragile(), name: 'broken', fit: throwing('never trains') });
    const { engine, onBackgroundError } = await tastes([fragile, broken]);
    const report = (await engine.fit({ tune: { budgetSeconds: 3 } })).tuning;
    expect(report.status).toBe('tuned');
    expect(report.chosen!.sources.fragile).toEqual({ depth: 10 });
    expect(report.chosen!.sources.broken).toBeUndefined();
    const heard = onBackgroundError.mock.calls.map(([e]) => (e as Error).message);
    expect(heard).toEqual(expect.arrayContaining(['cannot train', 'never trains']));
    await engine.close();
  }, 60_000);

  it('that cannot take the catalogue or events in the tuner’s fresh copy misses them there too, and the fit tunes', async () => {
    const clumsy = (): Source => hostSource('clumsy', { addItems: throwing('no items'), addEvents: throwing('no events') });
    const { engine, onBackgroundError } = await tastes(clumsy);
    expect((await engine.fit({ tune: { budgetSeconds: 3 } })).tuning.status).toBe('tuned');
    expect(onBackgroundError.mock.calls.map(([e]) => (e as Error).message)).toContain('no items');
    await engine.close();
  }, 60_000);

  it('makes the next fit() tune again, once: the settings were judged without it', async () => {
    let down = true;
    const flaky = hostSource('flaky', {
      appliesTo: () => {
        if (down) throw new Error('flaky offline');
        return true;
      },
    });
    const { engine } = await tastes(flaky);
    const first = (await engine.fit({ tune: { budgetSeconds: 3 } })).tuning;
    expect(first.chosen!.faulted).toEqual(['flaky']);
    down = false;
    // By default a fit reuses the tuning until the data grows by half; not this one.
    const second = (await engine.fit({ tune: undefined })).tuning;
    expect(second.status).toBe('tuned');
    expect(second.chosen!.faulted).toBeUndefined();
    expect((await engine.fit()).tuning.status).toBe('reused');
    await engine.close();
  }, 60_000);

  it('that cannot tell whether it applies is left out of the tuning alike', async () => {
    const unsure = hostSource('unsure', { appliesTo: throwing('no idea') });
    const { engine, onBackgroundError } = await tastes(unsure);
    expect((await engine.fit({ tune: { budgetSeconds: 3 } })).tuning.status).toBe('tuned');
    expect((onBackgroundError.mock.calls[0]![0] as Error).message).toBe('no idea');
    await engine.close();
  }, 60_000);
});
