/**
 * How much variety the lists can afford: MMR's λ (from relevance only, 1, down) and the genre cap
 * (from none down to 40%) are tried in pairs on the tuned blend's pools, and of the pairs whose
 * validation score stays within `DIVERSITY_COST` of the most accurate one, the pair whose lists
 * measure most varied (the engine's own similarity: factors, or genres) is kept. Variety is
 * bought at a stated price, measured on the host's data, never at an unknown one.
 */
import { listMetric } from '../../algorithms/ranking/list-metrics.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { BlendedItem } from '../pipeline/blend.js';
import { diversify } from '../pipeline/diversify.js';
import type { SimilarityContext } from '../pipeline/similarity.js';
import { rankUser, type BlendData, type Judge } from './evaluate.js';
import type { Trial } from './search.js';

/** Relative validation cost of variety the tuner accepts against relevance only. */
export const DIVERSITY_COST = 0.02;
const LAMBDAS = [1, 0.9, 0.8, 0.7, 0.6, 0.5];
/** Genre caps tried: none, then tighter. */
const SHARES = [1, 0.6, 0.5, 0.4];
/**
 * Validation users the pairs are tried on (the first of the seeded order): re-ranking every
 * pool 24 times costs far more than a weighted sum, and several hundred users tell the pairs apart.
 */
const MAX_USERS = 600;

/** What diversify needs besides the pool. */
export interface DiversityContext {
  poolMultiplier: number;
  /** λ values to try (default 1 down to 0.5); one value when the host pinned λ. */
  lambdas?: readonly number[];
  /** Genre caps to try (default none, 0.6, 0.5, 0.4); one value when the host pinned it. */
  shares?: readonly number[];
  catalog: CatalogIndex;
  /** How alike items are (the shadow's trained sources: no held-out user taught them). */
  similarity: SimilarityContext;
  /** `performance.now()` after which no further pair is tried (the first two always are). */
  deadline?: number;
  /** The pair the engine is configured with, tried right after relevance only. */
  configured?: { lambda: number; maxGenreShare: number };
}

/**
 * Of the trials whose score stays within `DIVERSITY_COST` of the best, the one whose lists were
 * most varied; ties go to the earliest (the lighter touch: higher λ, looser cap).
 */
export function mostVariedAffordable<T extends { score: number; diversity: number }>(trials: readonly T[]): T {
  const best = Math.max(...trials.map((t) => t.score));
  return trials.filter((t) => t.score >= best * (1 - DIVERSITY_COST)).reduce((a, b) => (b.diversity > a.diversity + 1e-9 ? b : a));
}

/** The chosen λ and genre cap, and every pair tried. */
export async function tuneDiversity(
  data: BlendData,
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>,
  minInteractions: number,
  judge: Judge,
  context: DiversityContext,
): Promise<{ lambda: number; maxGenreShare: number; trials: Trial[] }> {
  const pools = data.users
    .slice(0, MAX_USERS)
    .map((u, ui) =>
      rankUser(data, ui, weightsFor(u.interactionCount), minInteractions, Math.ceil(judge.k * context.poolMultiplier)).map(
        (t) => ({ itemId: u.items[t.at]!, score: t.score }) as BlendedItem,
      ),
    );
  const trials: Array<Trial & { diversity: number }> = [];
  // Relevance only first (the accuracy every pair is held to), then the configured pair, so a
  // search the deadline cuts short still weighs the configured variety against it.
  const grid = (context.shares ?? SHARES).flatMap((maxGenreShare) => (context.lambdas ?? LAMBDAS).map((lambda) => ({ maxGenreShare, lambda })));
  const rank = (p: { maxGenreShare: number; lambda: number }) =>
    p.lambda === 1 && p.maxGenreShare === 1 ? 0 : p.lambda === context.configured?.lambda && p.maxGenreShare === context.configured.maxGenreShare ? 1 : 2;
  const pairs = grid
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
  for (const { maxGenreShare, lambda } of pairs) {
    if (trials.length >= 2 && context.deadline !== undefined && performance.now() > context.deadline) break;
    const started = performance.now();
    let sum = 0;
    let variety = 0;
    for (const [ui, pool] of pools.entries()) {
      const picked = await diversify(pool, judge.k, { lambda, maxGenreShare, catalog: context.catalog, similarity: context.similarity });
      sum += listMetric(
        judge.metric,
        picked.items.map((b) => b.itemId),
        data.users[ui]!.relevant,
        judge.k,
      );
      variety += picked.diversity;
    }
    const n = Math.max(1, pools.length);
    trials.push({ settings: { lambda, maxGenreShare }, score: sum / n, diversity: variety / n, seconds: (performance.now() - started) / 1000 });
  }
  const chosen = mostVariedAffordable(trials);
  return {
    lambda: chosen.settings.lambda!,
    maxGenreShare: chosen.settings.maxGenreShare!,
    trials: trials.map(({ diversity: _diversity, ...t }) => t),
  };
}
