/**
 * Every type of the public API in one place, for hosts who annotate beyond the first screen.
 *
 * @packageDocumentation
 */
export type * from './index.js';
export type { Tuning, TuningOptions } from './engine/config.js';
export type { ContentInput, RecommendContext } from './engine/inputs.js';
export type { SimilarItemsOptions } from './engine/option-inputs.js';
export type { SourceDigest } from './engine/pipeline/index.js';
export type { SimilarityMeasure } from './engine/pipeline/similarity.js';
export type { EmbedCatalogOptions, EmbedCatalogReport } from './engine/catalog-embedding.js';
export type { AdapterTrainingReport } from './engine/adapters.js';
export type { TuneOptions, TunedSettings, TuningReport, WeightSegment } from './engine/tuning/index.js';
export type { Settings, Trial } from './engine/tuning/search.js';
export type { Weights } from './engine/tuning/weights.js';
export type { ListMetric } from './algorithms/ranking/list-metrics.js';
export type { Logger } from './core/telemetry.js';
export type { Experiments } from './engine/experiments.js';
export type * from './experiments/types.js';
export type { ExperimentResults, ResultsOptions, VariantResult } from './experiments/results.js';
export type { ItemInteraction } from './algorithms/profile/engagement.js';
export type { SonaErrorCode, SonaErrorOptions } from './core/errors.js';
export type {
  DeviceType,
  LongTaskOptions,
  Progress,
  SourceContribution,
  SourceName,
  TemporalPatterns,
  TimeInput,
  ViewingContext,
  ViewingEventType,
} from './core/types.js';
export type { HashingEmbedderOptions } from './embeddings/hashing-embedder.js';
