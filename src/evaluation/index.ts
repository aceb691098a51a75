/**
 * Offline evaluation: splits by published protocols, ranking metrics, the named models of
 * `sona evaluate`, the whole engine evaluated like a model, and replay of experiment variants.
 *
 * ```ts
 * import { splitInteractions, evaluateModels } from '@media-gateway/sona/evaluation';
 * ```
 *
 * @packageDocumentation
 */
export type { Interaction, Split } from './types.js';
export { splitInteractions, type SplitMethod, type SplitOptions } from './splits.js';
export { intraListDiversity, itemsByUser, metricsCurve, rankingMetrics, type MetricsAtK, type RankingMetrics } from './metrics.js';
export { beyondAccuracy, referenceSpace, HISTORY_BUCKETS, type BeyondAccuracy, type ReferenceSpace } from './beyond.js';
export { evaluateModels, recommendAll, trainMatrix, type EvaluateOptions, type EvaluationResult } from './runner.js';
export { ALGORITHMS, createModel, type AlgorithmName } from './algorithms.js';
export { ENGINE_VARIANTS, evaluateEngine, type EngineEvaluateOptions } from './engine-eval.js';
export { replayVariants, variantTuning, type Recommender, type ReplayOptions, type ReplayVariant } from './replay.js';
export type { CollaborativeModel, Scored, UserQuery } from '../algorithms/cf/models.js';
export type { Csr, InteractionMatrix, SparseRow } from '../algorithms/cf/matrix.js';
