/**
 * How much variety the lists can afford: MMR's λ (with its genre cap) is tried from relevance
 * only (1) down, on the tuned blend's pools, and the most diverse λ whose validation score stays
 * within `DIVERSITY_COST` of the most accurate one is kept. Variety is bought at a stated price,
 * measured on the host's data, never at an unknown one.
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

/** What diversify needs besides the pool. */
export interface DiversityContext {
  maxGenreShare: number;
  poolMultiplier: number;
  catalog: CatalogIndex;
  /** How alike items are (the shadow's trained sources: no held-out user taught them). */
  similarity: SimilarityContext;
}

/** The chosen λ and every λ tried. */
export async function tuneLambda(
  data: BlendData,
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>,
  minInteractions: number,
  judge: Judge,
  context: DiversityContext,
): Promise<{ lambda: number; trials: Trial[] }> {
  const pools = data.users.map((u, ui) =>
    rankUser(data, ui, weightsFor(u.interactionCount), minInteractions, Math.ceil(judge.k * context.poolMultiplier)).map(
      (t) => ({ itemId: u.items[t.at]!, score: t.score }) as BlendedItem,
    ),
  );
  const trials: Trial[] = [];
  for (const lambda of LAMBDAS) {
    const started = performance.now();
    let sum = 0;
    for (const [ui, pool] of pools.entries()) {
      const picked = await diversify(pool, judge.k, { lambda, maxGenreShare: context.maxGenreShare, catalog: context.catalog, similarity: context.similarity });
      sum += listMetric(
        judge.metric,
        picked.items.map((b) => b.itemId),
        data.users[ui]!.relevant,
        judge.k,
      );
    }
    trials.push({ settings: { lambda }, score: pools.length > 0 ? sum / pools.length : 0, seconds: (performance.now() - started) / 1000 });
  }
  const best = Math.max(...trials.map((t) => t.score));
  const affordable = trials.filter((t) => t.score >= best * (1 - DIVERSITY_COST));
  return { lambda: Math.min(...affordable.map((t) => t.settings.lambda!)), trials };
}
