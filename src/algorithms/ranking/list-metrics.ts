/**
 * Accuracy of one best-first list against one user's relevant items (binary relevance), as
 * Microsoft Recommenders' python_evaluation computes it: nDCG@k, average precision (normalised
 * by the number of relevant items), precision@k and recall@k.
 */

/** The metrics the tuner can maximise. */
export type ListMetric = 'ndcg' | 'map' | 'precision' | 'recall';

/** All four metrics of one list cut at `k`. */
export interface ListScores {
  hits: number;
  ndcg: number;
  ap: number;
  precision: number;
  recall: number;
}

export function listScores(list: readonly string[], relevant: ReadonlySet<string>, k: number): ListScores {
  let hits = 0;
  let dcg = 0;
  let ap = 0;
  const n = Math.min(k, list.length);
  for (let i = 0; i < n; i++) {
    if (!relevant.has(list[i]!)) continue;
    hits++;
    dcg += 1 / Math.log2(i + 2);
    ap += hits / (i + 1);
  }
  let idcg = 0;
  for (let r = 0; r < Math.min(relevant.size, k); r++) idcg += 1 / Math.log2(r + 2);
  return {
    hits,
    ndcg: idcg > 0 ? dcg / idcg : 0,
    ap: relevant.size > 0 ? ap / relevant.size : 0,
    precision: hits / k,
    recall: relevant.size > 0 ? hits / relevant.size : 0,
  };
}

/** One metric of one list. */
export function listMetric(metric: ListMetric, list: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const s = listScores(list, relevant, k);
  return metric === 'map' ? s.ap : s[metric];
}
