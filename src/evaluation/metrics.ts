/**
 * Top-k ranking metrics, computed as Microsoft Recommenders' python_evaluation does (binary
 * relevance): over the users that have both test items and a prediction list,
 *
 * - precision@k = hits / k; recall@k = hits / |relevant|;
 * - nDCG@k = Σ_hits 1/log2(rank + 1) / Σ_{r=1..min(|relevant|, k)} 1/log2(r + 1);
 * - MAP = Σ_hits (hits so far / rank) / |relevant| (full MAP: normalised by the number of
 *   relevant test items, not by k);
 * - hit rate = share of users with at least one hit;
 * - coverage = distinct recommended items / catalogue size.
 */
import { listScores } from '../algorithms/ranking/list-metrics.js';

/** Averages over the evaluated users. */
export interface RankingMetrics {
  map: number;
  ndcg: number;
  precision: number;
  recall: number;
  hitRate: number;
  coverage: number;
  /** Users evaluated (with test items and a prediction list). */
  users: number;
}

/**
 * Computes the metrics at `k`. `predictions` are best-first lists (only the first k count);
 * `catalogSize` is the number of items that could have been recommended.
 */
export function rankingMetrics(
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  predictions: ReadonlyMap<string, readonly string[]>,
  k: number,
  catalogSize: number,
): RankingMetrics {
  let users = 0;
  let map = 0;
  let ndcg = 0;
  let precision = 0;
  let recall = 0;
  let hitUsers = 0;
  const recommended = new Set<string>();
  for (const [user, truth] of relevant) {
    const list = predictions.get(user);
    if (!list || truth.size === 0) continue;
    users++;
    for (const item of list.slice(0, k)) recommended.add(item);
    const s = listScores(list, truth, k);
    precision += s.precision;
    recall += s.recall;
    ndcg += s.ndcg;
    map += s.ap;
    if (s.hits > 0) hitUsers++;
  }
  const mean = (x: number) => (users > 0 ? x / users : 0);
  return {
    map: mean(map),
    ndcg: mean(ndcg),
    precision: mean(precision),
    recall: mean(recall),
    hitRate: mean(hitUsers),
    coverage: catalogSize > 0 ? recommended.size / catalogSize : 0,
    users,
  };
}

/** Accuracy at one list length, for curves over k. */
export interface MetricsAtK {
  k: number;
  ndcg: number;
  precision: number;
  recall: number;
}

/** nDCG, precision and recall at every k from 1 to `maxK`, from the same best-first lists. */
export function metricsCurve(
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  predictions: ReadonlyMap<string, readonly string[]>,
  maxK: number,
  catalogSize: number,
): MetricsAtK[] {
  return Array.from({ length: maxK }, (_, i) => {
    const m = rankingMetrics(relevant, predictions, i + 1, catalogSize);
    return { k: i + 1, ndcg: m.ndcg, precision: m.precision, recall: m.recall };
  });
}
export { intraListDiversity } from '../algorithms/diversity/intra-list.js';

/** Groups interactions into user → set of items. */
export function itemsByUser(interactions: Iterable<{ userId: string; itemId: string }>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { userId, itemId } of interactions) {
    let set = out.get(userId);
    if (!set) out.set(userId, (set = new Set()));
    set.add(itemId);
  }
  return out;
}
