import { describe, expect, it, vi } from 'vitest';
import { createEngine, type Source } from '../../../src/index.js';
import { SourceFaults } from '../../../src/engine/source-faults.js';
import { CatalogIndex } from '../../../src/core/catalog-index.js';
import { DecayedCounter } from '../../../src/algorithms/popularity/decayed-counter.js';
import { DEFAULTS } from '../../../src/engine/config.js';
import { profileParams } from '../../../src/engine/profiles.js';
import { SourceRegistry, trainingData } from '../../../src/sources/registry.js';
import type { SourceContext } from '../../../src/sources/source.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { engineWith, hostSource, items, T0, throwing } from '../../fixtures/failing-sources.js';

describe('a source that fails', () => {
  it('costs a request only its own part: the response comes from the others, says so, is not cached, and the host hears once', async () => {
    const asked = vi.fn(async () => {
      throw new Error('backend down');
    });
    const { engine, onBackgroundError } = await engineWith(hostSource('broken', { candidates: asked }));
    const first = await engine.recommendDetailed('u1', { count: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.sources.find((s) => s.source === 'broken')).toMatchObject({ failed: true, candidates: 0 });
    expect(first.sources.find((s) => s.source === 'trending')?.failed).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 10)); // a cache write would have landed by now
    await engine.recommendDetailed('u1', { count: 5 });
    // Not served from the cache: the second request asked the source again; the host heard once.
    expect(asked).toHaveBeenCalledTimes(2);
    expect(onBackgroundError).toHaveBeenCalledTimes(1);
    expect((onBackgroundError.mock.calls[0]![0] as Error).message).toBe('backend down');
    await engine.close();
  });

  it('that cannot explain leaves its reason in place of its sentence', async () => {
    const mute = hostSource('mute', { reason: 'Picked by the editors', explain: () => Promise.reject(new Error('no words')) });
    const { engine, onBackgroundError } = await engineWith(mute);
    const response = await engine.recommendDetailed('u2', { count: 5 });
    expect(response.items.some((r) => r.explanation === 'Picked by the editors')).toBe(true);
    expect(response.sources.find((s) => s.source === 'mute')?.failed).toBe(true);
    expect(onBackgroundError).toHaveBeenCalledTimes(1);
    await engine.close();
  });

  it('whose item vectors fail leaves diversity to the genres', async () => {
    const { engine, onBackgroundError } = await engineWith(hostSource('vague', { itemVectors: throwing('no vectors') }));
    const response = await engine.recommendDetailed('u2', { count: 5, diversity: 0.5 });
    expect(response.items).toHaveLength(5);
    expect(response.diversityMeasure).toBe('genres');
    expect(onBackgroundError).toHaveBeenCalledTimes(1);
    await engine.close();
  });

  it('that cannot tell whether it applies takes no share', async () => {
    const { engine, onBackgroundError } = await engineWith(hostSource('unsure', { appliesTo: throwing('cannot tell'), candidates: async () => [] }));
    const response = await engine.recommendDetailed('u2', { count: 5 });
    expect(response.items).toHaveLength(5);
    expect(response.sources.find((s) => s.source === 'unsure')).toMatchObject({ weight: 0, failed: true });
    expect(onBackgroundError).toHaveBeenCalledTimes(1);
    await engine.close();
  });

  it('rejects the request when every weighted source failed', async () => {
    const broken = hostSource('broken', { defaultWeight: 1, candidates: () => Promise.reject(new Error('down')) });
    const engine = await createEngine({ clock: () => T0, builtinSources: false, sources: [broken], onBackgroundError: () => {} });
    await engine.upsertContent(items);
    await expect(engine.recommend('u1')).rejects.toThrow('down');
    await engine.close();
  });

  it('never lets a NaN or infinite score reach the blend', async () => {
    const noisy = hostSource('noisy', {
      candidates: async () => [
        { itemId: 'm20', score: Number.NaN },
        { itemId: 'm22', score: 2 },
        { itemId: 'm23', score: 1 },
      ],
      score: async (_request, ids) => ids.map((itemId) => ({ itemId, score: Number.NaN })),
    });
    const { engine } = await engineWith(noisy);
    const response = await engine.recommendDetailed('u2', { count: 8 });
    for (const r of response.items) expect(Number.isFinite(r.score)).toBe(true);
    expect(response.items.map((r) => r.itemId)).toContain('m22');
    await engine.close();
  });
});

describe('a host failure handler that throws', () => {
  it('neither fails the request nor escapes as an unhandled rejection: the logger hears of it', async () => {
    const error = vi.fn();
    const logged = await createEngine({
      clock: () => T0 + 86_400_000,
      builtinSources: ['trending'],
      sources: [hostSource('broken', { candidates: throwing('backend down') })],
      onBackgroundError: () => {
        throw new Error('handler broke');
      },
      logger: { error },
    });
    await logged.upsertContent(items);
    await logged.track([{ userId: 'u1', contentId: 'm1', type: 'complete', timestamp: T0 }]);
    expect(await logged.recommend('u1', { count: 5 })).toHaveLength(5);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ message: 'handler broke' }) }),
      'SONA: onBackgroundError threw',
    );
    await logged.close();
  });
});

describe('a source whose hooks throw', () => {
  it('misses the change: the host’s writes and the fit stand, the other sources get it, and the host hears', async () => {
    const broke = (what: string) => () => {
      throw new Error(`${what} broke`);
    };
    const clumsy = hostSource('clumsy', {
      addItems: broke('addItems'),
      removeItems: broke('removeItems'),
      addEvents: broke('addEvents'),
      clearEvents: broke('clearEvents'),
      fit: broke('fit'),
      setUserAttributes: broke('setUserAttributes'),
    });
    const onBackgroundError = vi.fn();
    const engine = await createEngine({
      clock: () => T0 + 86_400_000,
      builtinSources: ['trending'],
      sources: [clumsy],
      onBackgroundError,
      cache: { enabled: false },
    });
    await expect(engine.upsertContent(items)).resolves.toEqual({ upserted: items.length });
    await expect(
      engine.track(items.slice(0, 10).map((m, i) => ({ userId: `u${i % 3}`, contentId: m.id, type: 'complete' as const, timestamp: T0 + i }))),
    ).resolves.toBeDefined();
    await expect(engine.fit({ tune: false })).resolves.toBeDefined();
    await expect(engine.deleteContent(['m29'])).resolves.toEqual({ deleted: 1 });
    await expect(engine.updateUserAttributes('u0', { preferredGenres: ['Drama'] })).resolves.toMatchObject({ userId: 'u0' });
    expect((await engine.getProfile('u0')).interactionCount).toBe(4);
    // Trending got the events: the film watched last leads what it proposes.
    const list = await engine.recommendDetailed('newcomer', { count: 5 });
    expect(list.items.map((r) => r.itemId)).toContain('m9');
    expect(onBackgroundError).toHaveBeenCalled();
    expect((onBackgroundError.mock.calls[0]![0] as Error).message).toMatch(/broke$/);
    await engine.close();
  });

  it('cannot pass a deletion as done: forgetUser fails loudly when a source cannot forget', async () => {
    const { engine } = await engineWith(hostSource('keeper', { forgetUser: throwing('cannot forget') }));
    await expect(engine.forgetUser('u1')).rejects.toThrow('cannot forget');
    await engine.close();
  });
});

describe('SourceFaults', () => {
  it('reports a source’s first failure, then at most once a minute', () => {
    let now = 0;
    const report = vi.fn();
    const faults = new SourceFaults(report, () => now);
    faults.failed('a', 'e1');
    faults.failed('a', 'e2');
    faults.failed('b', 'e3');
    now = 61_000;
    faults.failed('a', 'e4');
    expect(report.mock.calls.map((c) => c[0])).toEqual(['e1', 'e3', 'e4']);
  });
});

describe('the snapshot after a source’s fit threw', () => {
  it('leaves that source’s model out: it indexes an earlier item list than the one the snapshot carries', async () => {
    const context = {
      catalog: new CatalogIndex(),
      popularity: new DecayedCounter(7),
      vectors: createMemoryStores({ dimension: 4 }).vectors,
      engagement: profileParams(DEFAULTS),
    } satisfies SourceContext;
    let fits = 0;
    const trained = (name: string, failOnSecond: boolean): Source => ({
      name,
      role: 'personal',
      defaultWeight: 0.5,
      candidates: async () => [],
      fitted: true,
      fit: async () => {
        if (failOnSecond && ++fits === 2) throw new Error('second fit broke');
      },
      exportModel: () => ({ meta: { name }, arrays: {} }),
    });
    const onFailure = vi.fn();
    const registry = new SourceRegistry([trained('steady', false), trained('flaky', true)], context, onFailure);
    await registry.fit(trainingData([{ userId: 'u', itemId: 'a' }]), {});
    expect(Object.keys(registry.exportModels()!.sections)).toEqual(['steady', 'flaky']);
    await registry.fit(trainingData([{ userId: 'u', itemId: 'b' }]), {});
    expect(Object.keys(registry.exportModels()!.sections)).toEqual(['steady']);
    expect(onFailure).toHaveBeenCalledWith('flaky', expect.objectContaining({ message: 'second fit broke' }));
  });
});
