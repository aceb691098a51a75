/**
 * Runs models through one protocol: build the train matrix, fit each model, recommend the top k
 * unseen items to every test user the model could know (users with training data), and score
 * the lists against the test interactions.
 */
import { throwIfAborted } from '../core/errors.js';
import type { Progress } from '../core/types.js';
import { buildInteractionMatrix, row, type InteractionMatrix } from '../algorithms/cf/matrix.js';
import { topItems, type CollaborativeModel } from '../algorithms/cf/models.js';
import { itemsByUser, metricsCurve, rankingMetrics, type MetricsAtK, type RankingMetrics } from './metrics.js';
import { beyondAccuracy, type BeyondAccuracy, type ReferenceSpace } from './beyond.js';
import type { Interaction, Split } from './types.js';

/** One model's result. */
export interface EvaluationResult extends RankingMetrics {
  algorithm: string;
  fitSeconds: number;
  recommendSeconds: number;
  /** Metrics at k = 1..`curveTo` (each list cut at k), when asked for. */
  curve?: MetricsAtK[];
  /** Novelty, diversity by genre and by factors, nDCG by history length (when a reference space was given). */
  beyond?: BeyondAccuracy;
}

/** Options of {@link evaluateModels}. */
export interface EvaluateOptions {
  /** List length. @default 10 */
  k?: number;
  /** Also compute metrics at every k up to this (lists are made this long; metrics at k use their first k). */
  curveTo?: number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** The train matrix, reference factors and genres for the beyond-accuracy figures. */
  space?: ReferenceSpace;
}

/** The train matrix of a split (binary: every train interaction counts as 1). */
export function trainMatrix(train: readonly Interaction[]): InteractionMatrix {
  return buildInteractionMatrix(train.map((x) => ({ userId: x.userId, itemId: x.itemId, value: 1 })));
}

/** Fits and scores each model on `split`. */
export async function evaluateModels(split: Split, models: readonly CollaborativeModel[], options: EvaluateOptions = {}): Promise<EvaluationResult[]> {
  const k = options.k ?? 10;
  const matrix = options.space?.matrix ?? trainMatrix(split.train);
  const relevant = new Map<string, Set<string>>();
  for (const [user, items] of itemsByUser(split.test)) if (matrix.users.has(user)) relevant.set(user, items);
  const users = [...relevant.keys()];
  const results: EvaluationResult[] = [];
  for (const model of models) {
    throwIfAborted(options.signal, 'evaluation');
    const fitStart = performance.now();
    await model.fit(matrix, { ...(options.signal ? { signal: options.signal } : {}) });
    const fitSeconds = (performance.now() - fitStart) / 1000;
    const recStart = performance.now();
    const predictions = recommendAll(model, matrix, users, Math.max(k, options.curveTo ?? 0), options, model.name);
    const recommendSeconds = (performance.now() - recStart) / 1000;
    results.push({
      algorithm: model.name,
      ...rankingMetrics(relevant, predictions, k, matrix.items.size),
      fitSeconds,
      recommendSeconds,
      ...(options.curveTo ? { curve: metricsCurve(relevant, predictions, options.curveTo, matrix.items.size) } : {}),
      ...(options.space ? { beyond: beyondAccuracy(predictions, relevant, k, options.space) } : {}),
    });
  }
  return results;
}

/** Top-k unseen items for each user, by the model's scores. */
export function recommendAll(
  model: CollaborativeModel,
  matrix: InteractionMatrix,
  users: readonly string[],
  k: number,
  options: EvaluateOptions = {},
  stage = 'recommend',
): Map<string, string[]> {
  const scores = new Float32Array(matrix.items.size);
  const seen = new Uint8Array(matrix.items.size);
  const out = new Map<string, string[]>();
  users.forEach((user, n) => {
    const u = matrix.users.indexOf(user)!;
    const r = row(matrix.userItems, u);
    model.scoreAll({ row: r, index: u }, scores);
    for (const i of r.indices) seen[i] = 1;
    const top = topItems(scores, k, (i) => seen[i] === 1);
    for (const i of r.indices) seen[i] = 0;
    out.set(
      user,
      top.map((t) => matrix.items.idAt(t.index)),
    );
    if ((n + 1) % 500 === 0 || n + 1 === users.length) options.onProgress?.({ stage, done: n + 1, total: users.length });
  });
  return out;
}
