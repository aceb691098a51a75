import { describe, expect, it, vi } from 'vitest';
import { AbortedError, ConfigurationError, createEngine, type Source } from '../../../src/index.js';
import { TimeoutError } from '../../../src/sources/index.js';
import { guardedCall, TimeLimit } from '../../../src/engine/pipeline/source-guard.js';
import { engineWith as withSource, hostSource, items, T0 } from '../../fixtures/failing-sources.js';

/** A call that never answers. */
const never = () => new Promise<never>(() => {});

/** An engine with trending and a host source, each request waiting at most `timeoutMs` for a source. */
const engineWith = (source: Source, timeoutMs = 50) => withSource(source, { recommend: { sourceTimeoutMs: timeoutMs }, cache: { enabled: false } });

describe('a source that does not answer', () => {
  it('costs a request its part after the time limit: the others answer, the response says so, the host hears a TimeoutError', async () => {
    const { engine, onBackgroundError } = await engineWith(hostSource('hung', { candidates: never }));
    const started = performance.now();
    const response = await engine.recommendDetailed('u1', { count: 5 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(response.items).toHaveLength(5);
    expect(response.sources.find((s) => s.source === 'hung')).toMatchObject({ failed: true, candidates: 0 });
    const error = onBackgroundError.mock.calls[0]![0] as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'SONA_TIMEOUT', source: 'hung', milliseconds: 50 });
    expect(error.message).toContain('candidates');
    await engine.close();
  });

  it('when scoring the others’ candidates, or explaining, likewise', async () => {
    const scoring = await engineWith(hostSource('slow-scores', { score: never }));
    expect(await scoring.engine.recommend('u1', { count: 5 })).toHaveLength(5);
    expect((scoring.onBackgroundError.mock.calls[0]![0] as Error).message).toContain('score');
    await scoring.engine.close();
    const mute = await engineWith(hostSource('slow-words', { reason: 'Picked by the editors', explain: never }));
    const response = await mute.engine.recommend('u2', { count: 5 });
    expect(response.some((r) => r.explanation === 'Picked by the editors')).toBe(true);
    await mute.engine.close();
  });

  it('with every weighted source hung, rejects the request with the TimeoutError', async () => {
    const onBackgroundError = vi.fn();
    const engine = await createEngine({
      builtinSources: [],
      sources: [hostSource('alone', { candidates: never })],
      recommend: { sourceTimeoutMs: 20 },
      onBackgroundError,
    });
    await engine.upsertContent(items);
    await expect(engine.recommend('u1')).rejects.toBeInstanceOf(TimeoutError);
    await engine.close();
  });

  it('is refused a time limit that is not a whole number of milliseconds', async () => {
    for (const sourceTimeoutMs of [0, -1, 1.5, Number.NaN]) {
      await expect(createEngine({ recommend: { sourceTimeoutMs } })).rejects.toBeInstanceOf(ConfigurationError);
    }
  });
});

describe('long work waiting on a source that does not answer', () => {
  const stuck = (name: string): Source => ({ ...hostSource(name), role: 'personal', fit: never, fitted: false });

  it('fit() rejects with AbortedError as soon as its signal fires, whether it trains or tunes', async () => {
    for (const tune of [false, { budgetSeconds: 5 }] as const) {
      // As a function of the context, the tuner makes and trains fresh instances of it too.
      const engine = await createEngine({
        builtinSources: ['trending'],
        sources: [() => ({ ...stuck('stuck'), tunables: [{ key: 'x', min: 1, max: 9, scale: 'linear' as const }], settings: { x: 3 } })],
      });
      await engine.upsertContent(items);
      await engine.track(items.slice(0, 20).map((m, i) => ({ userId: `u${i % 6}`, contentId: m.id, type: 'complete' as const, timestamp: T0 + i })));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = performance.now();
      await expect(engine.fit({ tune, signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
      expect(performance.now() - started).toBeLessThan(3000);
      await engine.close();
    }
  });

  it('the tuner judges a source whose candidates hang without it, as a request would, and the fit ends', async () => {
    const onBackgroundError = vi.fn();
    const engine = await createEngine({
      builtinSources: ['trending', 'item-knn'],
      sources: [hostSource('hung', { candidates: never })],
      recommend: { sourceTimeoutMs: 20 },
      onBackgroundError,
    });
    await engine.upsertContent(items);
    // Enough to tune: 60 viewers with 6 films each.
    const viewing = Array.from({ length: 360 }, (_, e) => ({
      userId: `u${e % 60}`,
      contentId: items[(Math.floor(e / 60) * 5 + (e % 60)) % items.length]!.id,
      type: 'complete' as const,
      timestamp: T0 + e,
    }));
    await engine.track(viewing);
    const report = await engine.fit({ tune: { budgetSeconds: 3 } });
    expect(report.tuning.status).toBe('tuned');
    expect(report.tuning.chosen?.faulted).toContain('hung');
    expect(onBackgroundError.mock.calls.some(([e]) => e instanceof TimeoutError)).toBe(true);
    await engine.close();
  }, 30_000);
});

describe('guardedCall', () => {
  const call = { source: 's', what: 'candidates' };

  it('passes an answer within the limit through, and a throw up when nobody listens', async () => {
    const onFailure = vi.fn();
    const limit = new TimeLimit(1000);
    expect(await guardedCall({ onFailure, timeoutMs: 1000 }, limit, call, async () => 7, 0)).toBe(7);
    limit.end();
    expect(onFailure).not.toHaveBeenCalled();
    await expect(guardedCall(undefined, undefined, call, () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
  });

  it('gives the fallback for a synchronous throw, and for every call still running when the limit expires', async () => {
    const onFailure = vi.fn();
    const failed = vi.fn();
    const thrown = () => {
      throw new Error('at once');
    };
    expect(await guardedCall({ onFailure }, undefined, call, thrown, -1, failed)).toBe(-1);
    expect([failed.mock.calls.length, (onFailure.mock.calls[0]![1] as Error).message]).toEqual([1, 'at once']);
    const limit = new TimeLimit(20);
    const guard = { onFailure, timeoutMs: 20 };
    const late = await Promise.all([guardedCall(guard, limit, call, never, 'a'), guardedCall(guard, limit, { source: 't', what: 'score' }, never, 'b')]);
    expect(late).toEqual(['a', 'b']);
    expect(onFailure.mock.calls.slice(1).map(([source, e]) => [source, (e as TimeoutError).message])).toEqual([
      ['s', 'source "s": candidates did not answer within 20 ms'],
      ['t', 'source "t": score did not answer within 20 ms'],
    ]);
  });
});
