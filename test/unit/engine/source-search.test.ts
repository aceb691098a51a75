import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/engine/runtime.js';
import { DecayedCounter } from '../../../src/algorithms/popularity/decayed-counter.js';
import { CatalogIndex } from '../../../src/core/catalog-index.js';
import type { Shadow } from '../../../src/engine/tuning/shadow.js';
import { searchHalfLife, searchSources } from '../../../src/engine/tuning/source-search.js';
import type { ValidationUser } from '../../../src/engine/tuning/shadow.js';
import { trainingData } from '../../../src/sources/registry.js';
import type { Source, SourceRequest } from '../../../src/sources/source.js';

const K = 20;
const FIT_MS = 40;

/** A source whose fit takes FIT_MS and whose hit climbs one place with every tripling of `x`: its search never converges in time. */
function climbing(): Source {
  let x = 1;
  return {
    name: 'climbing',
    role: 'personal',
    defaultWeight: 1,
    tunables: [{ key: 'x', min: 1, max: 1e12, scale: 'log' }],
    get settings() {
      return { x };
    },
    async fit(_data, _run, settings) {
      x = settings?.x ?? x;
      await new Promise((resolve) => setTimeout(resolve, FIT_MS));
    },
    async candidates(request: SourceRequest) {
      const at = Math.max(0, K - 1 - Math.floor(Math.log(x) / Math.log(3) + 1e-3));
      return Array.from({ length: K }, (_, i) => ({ itemId: i === at ? 'hit' : `miss${i}`, score: K - i })).slice(0, request.limit);
    },
  };
}

const rt = { tuned: undefined, pinned: new Set<string>(), settingsKeys: new Map<string, string>() } as unknown as Runtime;
const users = [
  {
    request: { userId: 'u', interactions: new Map(), excluded: new Set(), limit: K } as unknown as SourceRequest,
    interactionCount: 1,
    relevant: new Set(['hit']),
  },
] as ValidationUser[];

async function search(refits: number, budgetMs: number) {
  const source = climbing();
  let trials = 0;
  const started = performance.now();
  await searchSources(rt, [source], {
    data: trainingData([{ userId: 'u', itemId: 'hit' }]),
    users,
    judge: { metric: 'ndcg', k: K },
    deadline: started + budgetMs,
    refits,
    run: {},
    onFailure: (_name, error) => {
      throw error;
    },
    onTrial: () => {
      trials++;
    },
  });
  return trials;
}

describe('the sources’ searches', () => {
  it('keep the time of the trainings still to come (a cross-fitted fold’s) from their deadline', async () => {
    const free = await search(0, 1000);
    const reserving = await search(5, 1000);
    // Five trainings of about FIT_MS each are kept: about five trials fewer.
    expect(free).toBeGreaterThanOrEqual(8);
    expect(reserving).toBeLessThanOrEqual(free - 3);
    expect(reserving).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('trending’s half-life: of those validation cannot tell apart (within 1%), the one the arrivals rank best', async () => {
    const popularity = new DecayedCounter(30);
    const shadow = { context: { popularity, catalog: new CatalogIndex() } } as unknown as Shadow;
    // Trending's list is one item named after the half-life it counts with.
    const trending: Source = {
      name: 'trending',
      role: 'ambient',
      defaultWeight: 1,
      async candidates() {
        return [{ itemId: `h${popularity.halfLifeDays}`, score: 1 }];
      },
    };
    const judged = (relevant: string[][]) =>
      relevant.map((items, i) => ({
        request: { userId: `u${i}`, interactions: new Map(), excluded: new Set(), limit: K } as unknown as SourceRequest,
        interactionCount: 5,
        relevant: new Set(items),
      }));
    const run = async (validation: string[][], arrivals: string[][]) => {
      const trials: string[] = [];
      const chosen = await searchHalfLife(
        trending,
        shadow,
        new Map(),
        { users: judged(validation), judge: { metric: 'ndcg', k: K }, onTrial: (t) => void trials.push(t.source) },
        judged(arrivals),
      );
      return { chosen, counter: popularity.halfLifeDays, trials };
    };
    // 180 days scores within 1% of all-time popularity on validation users; the arrivals want 180.
    const close = [...Array.from({ length: 200 }, () => ['h180', 'h3650']), ['h3650']];
    const arrivals = Array.from({ length: 30 }, () => ['h180']);
    expect(await run(close, arrivals)).toEqual({ chosen: 180, counter: 180, trials: [...Array(5).fill(['trending', 'trending-arrivals'])].flat() });
    // Without arrivals, or when validation tells them apart, validation's best.
    expect((await run(close, [])).chosen).toBe(3650);
    const apart = [...Array.from({ length: 90 }, () => ['h180', 'h3650']), ...Array.from({ length: 10 }, () => ['h3650'])];
    expect((await run(apart, arrivals)).chosen).toBe(3650);
  });
});
