/**
 * How much variety the lists can afford: MMR's λ (from relevance only, 1, down) and the genre cap
 * (from none down to 40%) are tried in pairs on the pools of the blend chosen for its reach, and
 * of the pairs whose validation score stays within the variety cost of the most accurate setting
 * (the most accurate blend, relevance only) and whose lists together reach nearly as many items
 * as relevance only does, the pair whose lists measure most varied (the engine's own similarity:
 * factors, or genres) is kept. The blend's reach and the lists' variety
 * share that one cost, so variety is bought at a stated price measured on the host's data.
 */
import { listMetric } from '../../algorithms/ranking/list-metrics.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { BlendedItem } from '../pipeline/blend.js';
import { diversify } from '../pipeline/diversify.js';
import type { SimilarityContext } from '../pipeline/similarity.js';
import { allUsers, rankUser, type BlendData, type Discount, type Judge } from './evaluate.js';
import { bestAbove, type Trial } from './search.js';

/** Relative validation cost of variety the tuner accepts against the most accurate setting (`tune.varietyCost`). */
export const VARIETY_COST = 0.02;
const LAMBDAS = [1, 0.9, 0.8, 0.7, 0.6, 0.5];
/** Genre caps tried: none, then tighter. */
const SHARES = [1, 0.6, 0.5, 0.4];
/**
 * Validation users the pairs are tried on (the first of the seeded order): re-ranking every
 * pool 24 times costs far more than a weighted sum, and several hundred users tell the pairs apart.
 */
const MAX_USERS = 600;
/** The share of the lists' joint reach (distinct items) a pair may give up for variety within each list. */
const REACH_GIVEN = 0.02;

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
  /** `performance.now()` after which no further pair is tried (the first three trials always run). */
  deadline?: number;
  /** The pair the engine is configured with, tried right after relevance only. */
  configured?: { lambda: number; maxGenreShare: number };
  /** Relative validation cost accepted against the most accurate setting (default `VARIETY_COST`). */
  cost?: number;
}

/** A blend as the tuner tries it: weights by history length, and the popularity and exposure penalties. */
export interface TriedBlend {
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>;
  discount: Discount;
}

/** The most accurate blend, and the one chosen for its reach. */
export interface DiversityBlends {
  accurate: TriedBlend;
  chosen: TriedBlend;
}

/**
 * Of the trials whose score stays within `cost` of the best, the one whose lists were most
 * varied; ties go to the earliest (the lighter touch: higher λ, looser cap).
 */
export function mostVariedAffordable<T extends { score: number; diversity: number }>(trials: readonly T[], cost = VARIETY_COST): T {
  return mostVaried(trials, Math.max(...trials.map((t) => t.score)) * (1 - cost))!;
}

/** The most varied of `trials` scoring at least `bar` (a hair more varied is no reason to move). */
function mostVaried<T extends { score: number; diversity: number }>(trials: readonly T[], bar: number): T | undefined {
  return bestAbove(trials, bar, (t) => t.diversity, 1e-9);
}

/**
 * The chosen λ and genre cap, which blend they apply to (`accurate` only when a pinned pair on
 * the chosen blend cost more than allowed), and every trial (the first: the most accurate blend,
 * relevance only).
 */
export async function tuneDiversity(
  data: BlendData,
  blends: DiversityBlends,
  minInteractions: number,
  judge: Judge,
  context: DiversityContext,
): Promise<{ lambda: number; maxGenreShare: number; blend: 'accurate' | 'chosen'; trials: Trial[] }> {
  const users = allUsers(data).slice(0, MAX_USERS);
  const poolsOf = ({ weightsFor, discount }: TriedBlend) =>
    users.map((ui) => {
      const u = data.users[ui]!;
      return rankUser(data, ui, weightsFor(u.interactionCount), minInteractions, Math.ceil(judge.k * context.poolMultiplier), discount).map(
        (t) => ({ itemId: u.items[t.at]!, score: t.score }) as BlendedItem,
      );
    });
  const accuratePools = poolsOf(blends.accurate);
  const pools = blends.chosen === blends.accurate ? accuratePools : poolsOf(blends.chosen);
  const trials: Array<Trial & { diversity: number; reach: number }> = [];
  const run = async (from: BlendedItem[][], lambda: number, maxGenreShare: number, settings: Trial['settings']) => {
    const started = performance.now();
    let sum = 0;
    let variety = 0;
    const reached = new Set<string>();
    for (const [ui, pool] of from.entries()) {
      const picked = await diversify(pool, judge.k, { lambda, maxGenreShare, catalog: context.catalog, similarity: context.similarity });
      const list = picked.items.map((b) => b.itemId);
      sum += listMetric(judge.metric, list, data.users[users[ui]!]!.relevant, judge.k);
      variety += picked.diversity;
      for (const id of list) reached.add(id);
    }
    const n = Math.max(1, from.length);
    trials.push({ settings, score: sum / n, diversity: variety / n, reach: reached.size, seconds: (performance.now() - started) / 1000 });
  };
  // The most accurate setting first (the accuracy every pair is held to), then the chosen blend
  // with relevance only and with the configured pair, so a search the deadline cuts short still
  // weighs the configured variety against it.
  await run(accuratePools, 1, 1, { lambda: 1, maxGenreShare: 1, mostAccurateBlend: 1 });
  const grid = (context.shares ?? SHARES).flatMap((maxGenreShare) => (context.lambdas ?? LAMBDAS).map((lambda) => ({ maxGenreShare, lambda })));
  const rank = (p: { maxGenreShare: number; lambda: number }) =>
    p.lambda === 1 && p.maxGenreShare === 1 ? 0 : p.lambda === context.configured?.lambda && p.maxGenreShare === context.configured.maxGenreShare ? 1 : 2;
  const pairs = grid
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p)
    // On the most accurate blend, relevance only has just been tried.
    .filter((p) => pools !== accuratePools || rank(p) !== 0);
  for (const { maxGenreShare, lambda } of pairs) {
    if (trials.length >= 3 && context.deadline !== undefined && performance.now() > context.deadline) break;
    await run(pools, lambda, maxGenreShare, { lambda, maxGenreShare });
  }
  // The most accurate setting sets the bar; the pairs on the chosen blend compete for variety
  // (that blend was chosen for its reach, which the lists' variety does not measure).
  const bar = Math.max(...trials.map((t) => t.score)) * (1 - (context.cost ?? VARIETY_COST));
  // Variety within lists must not narrow what the lists reach together: MMR can vary every list
  // toward the same few alternatives. A pair keeps the chosen blend's reach with relevance only.
  const onChosen = trials.slice(pools === accuratePools ? 0 : 1);
  const reach = onChosen[0]!.reach * (1 - REACH_GIVEN);
  // Nothing affordable: the chosen blend with relevance only, which the penalties' step held to
  // the cost on every validation user (these are the first few hundred), else the most accurate.
  const plain = onChosen.find((t) => t.settings.lambda === 1 && t.settings.maxGenreShare === 1);
  const chosen =
    mostVaried(
      onChosen.filter((t) => t.reach >= reach),
      bar,
    ) ??
    plain ??
    trials[0]!;
  return {
    lambda: chosen.settings.lambda!,
    maxGenreShare: chosen.settings.maxGenreShare!,
    blend: chosen === trials[0] ? 'accurate' : 'chosen',
    trials: trials.map(({ diversity: _diversity, ...t }) => t),
  };
}
