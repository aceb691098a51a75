/**
 * Metrics beyond accuracy, for every algorithm alike:
 * - novelty: mean self-information −log₂(p_i) of the recommended items, p_i the share of train
 *   users who interacted with item i (Zhou et al., PNAS 2010): higher means less obvious items;
 * - intra-list diversity by genre (mean pairwise Jaccard distance of the items' genres) and by
 *   factors (mean pairwise cosine distance of one reference ALS model's item factors, the same
 *   space for every algorithm), over lists with at least two items;
 * - nDCG@k by the user's history length in the train part, so light and heavy users are seen
 *   apart.
 */
import { AlsModel, type CollaborativeModel } from '../algorithms/cf/models.js';
import type { InteractionMatrix } from '../algorithms/cf/matrix.js';
import { intraListDiversity } from '../algorithms/diversity/intra-list.js';
import { genreJaccard } from '../algorithms/diversity/jaccard.js';
import { cosine } from '../core/vector.js';
import { alsSettings } from '../sources/collaborative/index.js';
import { rankingMetrics } from './metrics.js';

/** The beyond-accuracy figures of one algorithm. */
export interface BeyondAccuracy {
  novelty: number;
  /** Undefined when no items file gave genres. */
  genreDiversity: number | undefined;
  factorDiversity: number;
  /** nDCG@k per history-length bucket of train events. */
  byHistory: Array<{ bucket: string; users: number; ndcg: number }>;
}

/** History-length buckets (train interactions), as [label, min, max]. */
export const HISTORY_BUCKETS: ReadonlyArray<readonly [string, number, number]> = [
  ['1–5', 1, 5],
  ['6–20', 6, 20],
  ['21–100', 21, 100],
  ['101+', 101, Infinity],
];

/** What the metrics are measured against: the train matrix, a factor space and genres. */
export interface ReferenceSpace {
  matrix: InteractionMatrix;
  /** A model with item factors (ALS at the engine's defaults, fitted on the train part). */
  factors: CollaborativeModel;
  genresOf: ((itemId: string) => readonly string[] | undefined) | undefined;
}

/** Fits the reference factors on the train matrix. */
export async function referenceSpace(matrix: InteractionMatrix, genresOf?: (itemId: string) => readonly string[] | undefined): Promise<ReferenceSpace> {
  const { enabled: _enabled, ...options } = alsSettings.parse({});
  const factors = new AlsModel(options, { threads: 1 });
  await factors.fit(matrix);
  return { matrix, factors, genresOf };
}

/** The figures for `predictions` (best-first lists, cut at k) against `relevant`. */
export function beyondAccuracy(
  predictions: ReadonlyMap<string, readonly string[]>,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
  space: ReferenceSpace,
): BeyondAccuracy {
  const { matrix } = space;
  const users = Math.max(1, matrix.users.size);
  const lists = [...predictions.values()].map((l) => l.slice(0, k));
  let information = 0;
  let recommended = 0;
  for (const list of lists) {
    for (const id of list) {
      const i = matrix.items.indexOf(id);
      const count = i === undefined ? 0 : matrix.itemUsers.indptr[i + 1]! - matrix.itemUsers.indptr[i]!;
      // An item nobody had in training is as novel as an item one user had.
      information += -Math.log2(Math.max(1, count) / users);
      recommended++;
    }
  }
  const vectorOf = (id: string) => {
    const i = matrix.items.indexOf(id);
    return i === undefined ? undefined : space.factors.itemVector?.(i);
  };
  const factorSimilarity = (a: string, b: string) => {
    const x = vectorOf(a);
    const y = vectorOf(b);
    return x && y ? cosine(x, y) : 0;
  };
  const genresOf = space.genresOf;
  const byHistory = HISTORY_BUCKETS.map(([bucket, lo, hi]) => {
    const inBucket = new Map<string, ReadonlySet<string>>();
    for (const [user, truth] of relevant) {
      const u = matrix.users.indexOf(user);
      const n = u === undefined ? 0 : matrix.userItems.indptr[u + 1]! - matrix.userItems.indptr[u]!;
      if (n >= lo && n <= hi && predictions.has(user)) inBucket.set(user, truth);
    }
    const m = rankingMetrics(inBucket, predictions, k, matrix.items.size);
    return { bucket, users: m.users, ndcg: m.ndcg };
  });
  return {
    novelty: recommended > 0 ? information / recommended : 0,
    genreDiversity: genresOf ? intraListDiversity(lists, (a, b) => genreJaccard(genresOf(a), genresOf(b))) : undefined,
    factorDiversity: intraListDiversity(lists, factorSimilarity),
    byHistory,
  };
}
