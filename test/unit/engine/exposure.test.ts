import { describe, expect, it, vi } from 'vitest';
import { crossFitExposure, exposureLevels, measureExposure, mostExposed } from '../../../src/engine/tuning/exposure.js';
import type { BlendData } from '../../../src/engine/tuning/evaluate.js';
import { tunedSettingsSchema } from '../../../src/engine/tuning/stored.js';
import { createEngine, type Source, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';

/** One source; every user ranks `hub` first, then their own items by the given scores. */
function blendData(lists: Array<Record<string, number>>): BlendData {
  return {
    sources: [{ name: 's', role: 'personal' }],
    users: lists.map((scores) => {
      const items = Object.keys(scores).sort();
      return {
        items,
        scores: Float32Array.from(items, (id) => scores[id]!),
        levels: new Float32Array(items.length),
        exposure: new Float32Array(items.length),
        relevant: new Set<string>(),
        applies: [{ name: 's', role: 'personal' as const }],
        interactionCount: 20,
        newcomer: false,
      };
    }),
  };
}

const weightsFor = () => ({ s: 1 });

describe('exposure levels', () => {
  it('run on a log scale from 0 (never listed) to 1 (the most listed item)', () => {
    const level = exposureLevels([
      ['a', 100],
      ['b', 10],
      ['c', 1],
    ]);
    expect(level('a')).toBe(1);
    expect(level('unlisted')).toBe(0);
    expect(level('a')).toBeGreaterThan(level('b'));
    expect(level('b')).toBeGreaterThan(level('c'));
    expect(level('c')).toBeGreaterThan(0);
    // A log scale: a tenth of the top count keeps well over a tenth of the level.
    expect(level('b')).toBeGreaterThan(0.5);
  });

  it('are kept as pairs, so item ids from data never reach an object prototype', () => {
    const parsed = tunedSettingsSchema.parse({
      sources: {},
      positives: 1,
      metric: 'ndcg',
      k: 10,
      exposurePenalty: 0.3,
      exposure: [
        ['__proto__', 5],
        ['constructor', 1],
      ],
    });
    const level = exposureLevels(parsed.exposure!);
    expect(level('__proto__')).toBe(1);
    expect(level('constructor')).toBeGreaterThan(0);
    expect(level('toString')).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(tunedSettingsSchema.safeParse({ sources: {}, positives: 1, metric: 'ndcg', k: 10, exposure: [['a', -1]] }).success).toBe(false);
    expect(tunedSettingsSchema.safeParse({ sources: {}, positives: 1, metric: 'ndcg', k: 10, exposurePenalty: 0.9 }).success).toBe(false);
  });
});

describe('measuring exposure on the validation users', () => {
  it('serves the most exposed items only, sorted by id (ties to the smaller id)', () => {
    const counts: Array<[string, number]> = [
      ['a', 1],
      ['b', 9],
      ['c', 3],
      ['d', 3],
      ['e', 7],
    ];
    expect(mostExposed(counts, 3)).toEqual([
      ['b', 9],
      ['c', 3],
      ['e', 7],
    ]);
    expect(mostExposed(counts, 10)).toEqual(counts);
  });

  it('counts the lists (of the given depth) holding each item, sorted by id', () => {
    const data = blendData([
      { hub: 9, a: 2, b: 1 },
      { hub: 9, c: 2, a: 1 },
      { hub: 9, d: 2, e: 1 },
    ]);
    expect(measureExposure({ data, users: [0, 1, 2], weightsFor, minInteractions: 0, depth: 2 })).toEqual([
      ['a', 1],
      ['c', 1],
      ['d', 1],
      ['hub', 3],
    ]);
  });

  it('is cross-fitted: a user is judged under levels measured on the other users, and the whole count is served', () => {
    // Ten users: each has the hub, and an item of its own that only its list holds.
    const data = blendData(Array.from({ length: 10 }, (_, u) => ({ hub: 9, [`own${u}`]: 5, [`shared${u % 2}`]: 1 })));
    const served = crossFitExposure({ data, users: [...data.users.keys()], weightsFor, minInteractions: 0, depth: 2 });
    expect(new Map(served).get('hub')).toBe(10);
    for (const [u, user] of data.users.entries()) {
      const level = (id: string) => user.exposure[user.items.indexOf(id)]!;
      // Its own item was listed by nobody else: no penalty, though the served count has it.
      expect(level(`own${u}`)).toBe(0);
      expect(new Map(served).get(`own${u}`)).toBe(1);
      // The hub is the most listed item in every other fold.
      expect(level('hub')).toBe(1);
    }
  });
});

describe('blend.exposurePenalty', () => {
  const T0 = Date.UTC(2024, 0, 1);
  /** 8 taste blocks of 12 films; every user also watched one of three hits. */
  function data() {
    const items = Array.from({ length: 96 }, (_, i) => ({ id: `i${i}`, title: `Film ${i}`, genres: [`g${Math.floor(i / 12)}`] }));
    items.push(...['hit0', 'hit1', 'hit2'].map((id) => ({ id, title: id, genres: ['hits'] })));
    const events: ViewingEvent[] = [];
    for (let u = 0; u < 240; u++) {
      const block = u % 8;
      const at = (k: number) => T0 + (u * 9 + k) * 60_000;
      for (let k = 0; k < 7; k++) events.push({ userId: `u${u}`, contentId: `i${block * 12 + ((u * 5 + k * 7) % 12)}`, type: 'complete', timestamp: at(k) });
      events.push({ userId: `u${u}`, contentId: `hit${u % 3}`, type: 'complete', timestamp: at(8) });
    }
    return { items, events };
  }

  it('is tuned with the exposure fit() measured, stored in the snapshot, and scales a score by 1 − penalty × level', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const clock = () => T0 + 30 * 86_400_000;
    const options = { stores, clock, builtinSources: ['item-knn', 'trending'] as const, cache: { enabled: false } } as const;
    const engine = await createEngine({ ...options, blend: { exposurePenalty: 0.5, popularityPenalty: 0 } });
    const { items, events } = data();
    await engine.upsertContent(items);
    await engine.track(events);
    const report = (await engine.fit({ tune: { budgetSeconds: 5 } })).tuning;
    // The host's value is kept, and tried alone; the counts it weighs are stored all the same.
    expect(report.chosen!.exposurePenalty).toBeUndefined();
    const reach = report.trials.filter((t) => t.source === 'reach');
    expect(reach.length).toBeGreaterThan(0);
    expect(reach.every((t) => t.settings.exposurePenalty === 0.5)).toBe(true);
    const exposure = report.chosen!.exposure!;
    expect(exposure.length).toBeGreaterThan(0);
    const most = Math.max(...exposure.map(([, c]) => c));

    // Other instances on the same stores serve the snapshot with the penalty pinned.
    const served = async (exposurePenalty: number) => {
      const other = await createEngine({ ...options, blend: { exposurePenalty, popularityPenalty: 0 } });
      const list = await other.recommend('u1', { count: 100, diversity: 1 });
      await other.close();
      return new Map(list.map((r) => [r.itemId, r.score]));
    };
    const plain = await served(0);
    const penalised = await served(0.8);
    // The most exposed items (level 1) the user has not watched keep a fifth of their score.
    const tops = exposure.filter(([id, c]) => c === most && plain.has(id));
    expect(tops.length).toBeGreaterThan(0);
    for (const [id] of tops) expect(penalised.get(id)!).toBeCloseTo(plain.get(id)! * 0.2, 9);
    const kept = [...penalised].filter(([id]) => plain.get(id)! > 0).map(([id, s]) => s / plain.get(id)!);
    expect(Math.max(...kept)).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.max(...kept)).toBeGreaterThan(0.2);
    await engine.close();
  }, 60_000);

  it('is counted again when a later fit reuses the tuning, so a hub that rose since is discounted too', async () => {
    const clock = () => T0 + 30 * 86_400_000;
    const engine = await createEngine({ clock, builtinSources: ['item-knn', 'trending'], cache: { enabled: false }, blend: { exposurePenalty: 0.5 } });
    const { items, events } = data();
    await engine.upsertContent([...items, { id: 'premiere', title: 'Premiere', genres: ['hits'] }]);
    await engine.track(events);
    const tuned = (await engine.fit({ tune: { budgetSeconds: 5 } })).tuning.chosen!;
    expect(tuned.exposure!.some(([id]) => id === 'premiere')).toBe(false);
    // A fifth of the users watch the premiere: the data grows by far less than a retune needs.
    const premiere = Array.from({ length: 48 }, (_, u) => ({
      userId: `u${u * 5}`,
      contentId: 'premiere',
      type: 'complete' as const,
      timestamp: T0 + 29 * 86_400_000,
    }));
    await engine.track(premiere);
    const frozen = await engine.fit({ tune: false });
    expect(frozen.tuning.status).toBe('reused');
    expect(frozen.tuning.chosen!.exposure).toEqual(tuned.exposure);
    const reused = (await engine.fit()).tuning;
    expect(reused.status).toBe('reused');
    expect(reused.reason).toMatch(/exposure counts were measured again/);
    expect(frozen.tuning.reason).not.toMatch(/measured again/);
    const { exposure, ...settings } = reused.chosen!;
    const { exposure: _before, ...tunedSettings } = tuned;
    expect(settings).toEqual(tunedSettings);
    const counts = new Map(exposure);
    const most = Math.max(...counts.values());
    // The other users' lists now hold the premiere near the top, as they hold the old hits.
    expect(counts.get('premiere')).toBeGreaterThan(most / 2);
    await engine.close();
  }, 60_000);

  it('is counted again without a source that throws meanwhile (as a request serves), and the host hears', async () => {
    let broken = false;
    const editors: Source = {
      name: 'editors',
      role: 'ambient',
      defaultWeight: 0.2,
      candidates: async () => {
        if (broken) throw new Error('editors offline');
        return [{ itemId: 'i3', score: 1 }];
      },
    };
    const onBackgroundError = vi.fn();
    const clock = () => T0 + 30 * 86_400_000;
    const engine = await createEngine({
      clock,
      builtinSources: ['item-knn', 'trending'],
      sources: [editors],
      cache: { enabled: false },
      blend: { exposurePenalty: 0.5 },
      onBackgroundError,
    });
    const { items, events } = data();
    await engine.upsertContent(items);
    await engine.track(events);
    await engine.fit({ tune: { budgetSeconds: 5 } });
    broken = true;
    const reused = (await engine.fit()).tuning;
    expect(reused.reason).toMatch(/exposure counts were measured again/);
    expect(reused.chosen!.exposure!.length).toBeGreaterThan(0);
    expect((onBackgroundError.mock.calls[0]![0] as Error).message).toBe('editors offline');
    await engine.close();
  }, 60_000);

  it('keeps the stored counts, and the fit goes on, when counting them again fails', async () => {
    const memory = createMemoryStores({ dimension: 512 });
    // The recount reads the vectors of every sampled user's items at once; while `failing`, such a
    // read fails (a user's own profile read, a handful of items, still works).
    let failing = false;
    const vectors = new Proxy(memory.vectors, {
      get(target, key) {
        if (key === 'get') {
          return async (ids: readonly string[]) => {
            if (failing && ids.length > 20) throw new Error('vector store hiccup');
            return target.get(ids);
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const stores = { ...memory, vectors };
    const engine = await createEngine({
      stores,
      clock: () => T0 + 30 * 86_400_000,
      builtinSources: ['item-knn', 'trending'],
      cache: { enabled: false },
      blend: { exposurePenalty: 0.5 },
    });
    const { items, events } = data();
    await engine.upsertContent(items);
    await engine.track(events);
    const tuned = (await engine.fit({ tune: { budgetSeconds: 5 } })).tuning.chosen!;
    failing = true;
    const reused = (await engine.fit()).tuning;
    failing = false;
    expect(reused.status).toBe('reused');
    expect(reused.reason).toMatch(/stored exposure counts were kept \(counting again failed: vector store hiccup\)/);
    expect(reused.chosen!.exposure).toEqual(tuned.exposure);
    expect(await engine.recommend('u1', { count: 5 })).toHaveLength(5);
    await engine.close();
  }, 60_000);

  it('refuses a penalty outside [0, 0.8], naming the field', async () => {
    await expect(createEngine({ blend: { exposurePenalty: 0.9 } })).rejects.toMatchObject({ option: 'blend.exposurePenalty' });
  });
});
