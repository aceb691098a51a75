import { describe, expect, it } from 'vitest';
import { AbortedError, createEngine, ValidationError, type Candidate, type Source, type SourceRequest } from '../../../src/index.js';
import { ascendWeights, mostCovering } from '../../../src/engine/tuning/weights.js';
import { CompassSearch } from '../../../src/engine/tuning/search.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import type { SourceContext } from '../../../src/sources/source.js';
import { BLOCKS, PER_BLOCK, T0, tasteBlocks as data } from '../../fixtures/taste-blocks.js';

/**
 * A source whose quality has a planted optimum at `sharpness` 4: the further from it (in log),
 * the fewer of the user's own block lead its list before the items of the next block.
 */
function planted(fits: number[]): (context: SourceContext) => Source {
  return () => {
    let sharpness = 0.1;
    let trained = false;
    const blockOf = (id: string) => Math.floor(Number(id.slice(1)) / PER_BLOCK);
    return {
      name: 'planted',
      role: 'personal',
      defaultWeight: 0.5,
      tunables: [{ key: 'sharpness', min: 0.01, max: 100, scale: 'log' }],
      get settings() {
        return { sharpness };
      },
      get fitted() {
        return trained;
      },
      async fit(_data, _run, settings) {
        if (settings?.sharpness !== undefined) sharpness = settings.sharpness;
        trained = true;
        fits.push(sharpness);
      },
      async candidates(request: SourceRequest): Promise<Candidate[]> {
        const mine = [...request.interactions.keys()].map(blockOf)[0];
        if (mine === undefined) return [];
        const block = (b: number) => Array.from({ length: PER_BLOCK }, (_, k) => `i${b * PER_BLOCK + k}`).filter((id) => !request.excluded.has(id));
        const own = Math.round(PER_BLOCK * Math.exp(-Math.abs(Math.log(sharpness / 4))));
        return [...block(mine).slice(0, own), ...block((mine + 1) % BLOCKS)].slice(0, request.limit).map((itemId, r) => ({ itemId, score: 2 * PER_BLOCK - r }));
      },
    };
  };
}

async function engineWith(options: Parameters<typeof createEngine>[0] = {}) {
  const { items, events } = data();
  const engine = await createEngine({ clock: () => T0 + 30 * 86_400_000, ...options });
  await engine.upsertContent(items);
  await engine.track(events);
  return engine;
}

describe('fit() tunes on the host’s data', () => {
  it('finds a planted optimum of a host source’s setting, and the blend leans on it', async () => {
    const fits: number[] = [];
    const engine = await engineWith({ builtinSources: ['trending'], sources: [planted(fits)] });
    const report = await engine.fit({ tune: { budgetSeconds: 20 } });
    expect(report.tuning.status).toBe('tuned');
    const chosen = report.tuning.chosen!.sources.planted!.sharpness!;
    expect(Math.abs(Math.log(chosen / 4))).toBeLessThan(0.5);
    // The final models were refitted on everything with the chosen setting.
    expect(fits.at(-1)).toBe(chosen);
    const segments = report.tuning.chosen!.segments!;
    expect(segments.map((s) => s.name)).toEqual(['new', 'light', 'heavy']);
    expect(segments.some((s) => s.weights.planted! > 0)).toBe(true);
    // The most accurate blend is never worse on validation than the best single source, and the
    // one chosen for its reach costs at most the variety cost (2%) against it.
    const reach = report.tuning.reach!;
    expect(reach.accurate).toBeGreaterThanOrEqual(Math.max(...Object.values(report.tuning.scores!.sources)) - 1e-12);
    expect(report.tuning.scores!.blend).toBeGreaterThanOrEqual(reach.accurate * 0.98 - 1e-12);
    expect(reach.coverage.chosen).toBeGreaterThanOrEqual(reach.coverage.accurate);
    // The fade-in of personal sources is chosen too: the best of those tried on validation.
    const fades = report.tuning.trials.filter((t) => t.source === 'fade');
    expect(fades.map((t) => t.settings.minInteractions)).toContain(5);
    const best = Math.max(...fades.map((t) => t.score));
    expect(fades.find((t) => t.settings.minInteractions === report.tuning.chosen!.minInteractions)!.score).toBe(best);
  }, 60_000);

  it('chooses the fade-in and the new users’ weights with newcomer probes: validation users shown with only their first events', async () => {
    const seen = new Map<string, string[]>();
    const recording = (): Source => ({
      name: 'recording',
      role: 'personal',
      defaultWeight: 0.5,
      async candidates(request: SourceRequest): Promise<Candidate[]> {
        seen.set(request.userId, [...request.interactions.keys()]);
        return [];
      },
    });
    const engine = await engineWith({ builtinSources: ['trending', 'item-knn'], sources: [recording] });
    const report = await engine.fit({ tune: { budgetSeconds: 10 } });
    const probes = [...seen.keys()].filter((id) => id.includes('\u0000first-'));
    expect(report.tuning.validation!.newcomers).toBe(probes.length);
    // Every validation user with two or more training events lends one.
    expect(probes.length).toBeGreaterThan(report.tuning.validation!.users / 2);
    const lengths = probes.map((id) => seen.get(id)!.length);
    for (const n of [1, 2, 3, 5]) expect(lengths).toContain(n);
    const { events } = data();
    for (const id of probes) {
      const user = id.slice(0, id.indexOf('\u0000'));
      const time = (item: string) => events.findIndex((e) => e.userId === user && e.contentId === item);
      const byTime = (items: string[]) => [...items].sort((a, b) => time(a) - time(b));
      const shown = byTime(seen.get(id)!);
      // 1, 2, 3 or 5 in turn; fewer where the user's training side is short.
      expect(shown.length).toBeGreaterThanOrEqual(1);
      expect(shown.length).toBeLessThan(seen.get(user)!.length);
      expect(shown.length).toBeLessThanOrEqual(5);
      // The first events of the user's training side, which their own validation request holds.
      expect(shown).toEqual(byTime(seen.get(user)!).slice(0, shown.length));
    }
  }, 60_000);

  it('stores the tuned settings in the snapshot: another instance serves with them and reuses them', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const first = await engineWith({ stores, builtinSources: ['trending', 'item-knn', 'ease'] });
    const tuned = (await first.fit({ tune: { budgetSeconds: 5 } })).tuning.chosen!;
    expect(tuned.sources.ease!.regularization).toBeGreaterThan(0);
    const second = await createEngine({
      stores,
      embedder: first.embedder,
      builtinSources: ['trending', 'item-knn', 'ease'],
      clock: () => T0 + 30 * 86_400_000,
    });
    const again = await second.fit();
    expect(again.tuning).toMatchObject({ status: 'reused', chosen: tuned });
    expect(again.tuning.reason).toMatch(/grew by less than 50%/);
  }, 60_000);

  it('never overrides settings the host set, and keeps the host’s weights', async () => {
    const engine = await engineWith({
      builtinSources: ['trending', 'collaborative'],
      collaborative: { factors: 12, iterations: 3 },
      blend: { weights: { trending: 1, collaborative: 2 }, popularityPenalty: 0.1 },
    });
    const report = await engine.fit({ tune: { budgetSeconds: 5 } });
    expect(report.tuning.chosen!.popularityPenalty).toBeUndefined();
    expect(report.tuning.trials.filter((t) => t.source === 'reach').every((t) => t.settings.popularityPenalty === 0.1)).toBe(true);
    const trials = report.tuning.trials.filter((t) => t.source === 'collaborative');
    expect(trials.length).toBeGreaterThan(0);
    expect(trials.every((t) => t.settings.factors === 12)).toBe(true);
    expect(report.tuning.chosen!.sources.collaborative!.factors).toBe(12);
    expect(report.tuning.chosen!.segments).toBeUndefined();
    const pinned = await engineWith({ builtinSources: ['trending', 'item-knn'], coldStart: { minInteractions: 3 } });
    const kept = await pinned.fit({ tune: { budgetSeconds: 5 } });
    expect(kept.tuning.chosen!.minInteractions).toBeUndefined();
    expect(kept.tuning.trials.some((t) => t.source === 'fade')).toBe(false);
  }, 60_000);

  it('ends the search when its own signal fires and keeps the best so far; the fit’s signal aborts the fit', async () => {
    const engine = await engineWith({ builtinSources: ['trending', 'rp3beta'] });
    const stop = new AbortController();
    stop.abort();
    const report = await engine.fit({ tune: { signal: stop.signal } });
    expect(report.tuning.status).toBe('tuned');
    expect(report.tuning.stoppedEarly).toBe(true);
    expect(report.tuning.trials.filter((t) => t.source === 'rp3beta')).toHaveLength(1);
    const abort = new AbortController();
    abort.abort();
    await expect(engine.fit({ tune: true, signal: abort.signal })).rejects.toBeInstanceOf(AbortedError);
  }, 60_000);

  it('skips tuning with the reason when there is too little data, and when told not to', async () => {
    const engine = await createEngine();
    await engine.upsertContent([{ id: 'a', title: 'A' }]);
    await engine.track({ userId: 'u', contentId: 'a', type: 'complete' });
    expect((await engine.fit()).tuning).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/too little data/) });
    expect((await engine.fit({ tune: false })).tuning).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/tune: false/) });
  });

  it('refuses bad tune options, naming the field', async () => {
    const engine = await createEngine();
    const field = async (options: unknown) =>
      engine.fit(options as never).then(
        () => undefined,
        (e: unknown) => (e instanceof ValidationError ? e.field : String(e)),
      );
    expect(await field({ tune: { budgetSeconds: -1 } })).toBe('options.tune.budgetSeconds');
    expect(await field({ tune: { metric: 'auc' } })).toBe('options.tune.metric');
    expect(await field({ tune: { bogus: 1 } })).toBe('options.tune.bogus');
    expect(await field({ tune: { varietyCost: -0.1 } })).toBe('options.tune.varietyCost');
    expect(await field({ tune: 'yes' })).toBe('options.tune');
  });
});

describe('the tuner’s searches', () => {
  it('compass search converges on the optimum of a smooth function from a poor start', () => {
    const search = new CompassSearch(
      [
        { key: 'x', min: 0.001, max: 1000, scale: 'log' },
        { key: 'y', min: 0, max: 1, scale: 'linear' },
      ],
      { x: 0.01, y: 0.9 },
      [{ x: 100 }],
    );
    for (let settings = search.next(); settings; settings = search.next()) {
      const score = -((Math.log10(settings.x!) - 1) ** 2) - (settings.y! - 0.3) ** 2;
      search.report({ settings, score, seconds: 0 });
    }
    const best = search.incumbent!.settings;
    expect(best.x).toBeGreaterThan(7);
    expect(best.x).toBeLessThan(14);
    expect(Math.abs(best.y! - 0.3)).toBeLessThan(0.05);
  });

  it('blend weights are never worse than the best single source, and find a planted mixture', () => {
    const names = ['a', 'b', 'c'];
    // Best at a:b = 2:1, c useless.
    const score = (w: Record<string, number>) => {
      const t = w.a! + w.b! + w.c!;
      return 1 - Math.abs(w.a! / t - 2 / 3) - Math.abs(w.b! / t - 1 / 3) - w.c! / t;
    };
    const { weights, score: best } = ascendWeights(names, { a: 0, b: 0, c: 1 }, score, 300);
    expect(best).toBeGreaterThanOrEqual(Math.max(...names.map((n) => score({ a: 0, b: 0, c: 0, [n]: 1 }))));
    expect(weights.c).toBe(0);
    expect(weights.a! / weights.b!).toBeGreaterThan(1.5);
    expect(weights.a! / weights.b!).toBeLessThan(2.6);
  });
});

describe('the reach of the blend', () => {
  it('takes the weights reaching the most items among those within the cost, and the most accurate at cost 0', () => {
    const best = { weights: { a: 1, b: 0 }, score: 0.2 };
    const wide = { weights: { a: 0.5, b: 0.5 }, score: 0.197 };
    const wider = { weights: { a: 0, b: 1 }, score: 0.19 }; // 5% less accurate: too dear at 2%
    const reach = new Map<object, number>([
      [best.weights, 10],
      [wide.weights, 30],
      [wider.weights, 50],
    ]);
    const tried = [best, wide, wider];
    expect(mostCovering(tried, best, 0.02, (w) => reach.get(w)!)).toBe(wide.weights);
    expect(mostCovering(tried, best, 0.1, (w) => reach.get(w)!)).toBe(wider.weights);
    expect(mostCovering(tried, best, 0, (w) => reach.get(w)!)).toBe(best.weights);
  });

  it('with varietyCost 0, serves the most accurate blend, and variety only where it costs nothing', async () => {
    const engine = await engineWith({ builtinSources: ['trending', 'item-knn', 'ease'] });
    const report = (await engine.fit({ tune: { budgetSeconds: 5, varietyCost: 0 } })).tuning;
    expect(report.reach!.coverage.chosen).toBe(report.reach!.coverage.accurate);
    expect(report.scores!.blend).toBe(report.reach!.accurate);
    // The penalty served is the most accurate one tried with the most accurate weights.
    const penalties = report.trials.filter((t) => t.source === 'reach' && t.settings.coveringWeights === 0);
    expect(penalties.length).toBeGreaterThan(1);
    const served = penalties.find(
      (t) => t.settings.popularityPenalty === report.chosen!.popularityPenalty && t.settings.exposurePenalty === report.chosen!.exposurePenalty,
    );
    expect(served!.score).toBe(Math.max(...penalties.map((t) => t.score)));
    const pairs = report.trials.filter((t) => t.source === 'diversity');
    const { lambda, maxGenreShare } = report.chosen!;
    const picked = pairs.filter((t) => t.settings.lambda === lambda && t.settings.maxGenreShare === maxGenreShare);
    expect(Math.max(...picked.map((t) => t.score))).toBeGreaterThanOrEqual(pairs[0]!.score);
  }, 60_000);
});

describe('the diversity choice', () => {
  it('takes the most varied lists among those within 2% of the most accurate, the lighter touch on ties', async () => {
    const { mostVariedAffordable } = await import('../../../src/engine/tuning/diversity.js');
    const trials = [
      { name: 'relevance', score: 0.13, diversity: 0.7 },
      { name: 'light', score: 0.129, diversity: 0.75 },
      { name: 'same', score: 0.1285, diversity: 0.75 },
      { name: 'cap', score: 0.123, diversity: 0.85 }, // 5% cheaper in accuracy: too dear
    ];
    expect(mostVariedAffordable(trials).name).toBe('light');
    expect(mostVariedAffordable([trials[0]!]).name).toBe('relevance');
  });
});
