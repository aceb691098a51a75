/**
 * SONA: an embeddable hybrid recommendation engine for media and streaming applications.
 *
 * Start with {@link createEngine}; everything else is optional wiring.
 *
 * @packageDocumentation
 */
export { SonaEngine, createEngine, type Explanation, type FitReport, type TrackResult } from './engine/engine.js';
export { Experiments, type ActiveVariant, type ServedVariant, type ExperimentInput, type VariantConfig, type VariantInput } from './experiments/experiments.js';
export { replayVariants, variantTuning, type Recommender, type ReplayOptions, type ReplayVariant } from './experiments/replay.js';
export { analyzeExperiment, type ExperimentResults, type ResultsOptions, type VariantResult } from './experiments/results.js';
export { assignVariantIndex, bucketRanges, hashUnit, inNamespace, type BucketRange, type BucketingInput } from './experiments/bucketing.js';
export {
  relativeLift,
  sampleRatioMismatch,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
  type Interval,
  type Lift,
  type Moments,
  type SampleRatioCheck,
  type TestResult,
} from './experiments/statistics/tests.js';
export type { AdapterTrainingReport } from './engine/adapters.js';
export { vectorFingerprint, type EmbedCatalogOptions, type EmbedCatalogReport } from './engine/catalog-embedding.js';
export type { SonaEngineOptions } from './engine/options.js';
export type { RecommendationResponse, SourceDigest } from './engine/recommend.js';
export type { CandidateSource, CandidateRequest, Candidate } from './engine/sources/types.js';
export type { ItemInteraction } from './algorithms/profile/engagement.js';
export type { UserAttributesUpdate } from './core/validate.js';

export type {
  ContentItem,
  DeviceType,
  LongTaskOptions,
  Progress,
  Recommendation,
  RecommendContext,
  RecommendOptions,
  SimilarItem,
  SimilarItemsOptions,
  SourceContribution,
  SourceName,
  TemporalPatterns,
  TimeInput,
  TrackedEvent,
  UserAttributes,
  UserProfile,
  ViewingEvent,
  ViewingEventType,
} from './core/types.js';
export { VIEWING_EVENT_TYPES } from './core/types.js';

export {
  AbortedError,
  ClosedError,
  ModelError,
  ConfigurationError,
  DimensionMismatchError,
  NotFoundError,
  SonaError,
  StoreError,
  ValidationError,
  type SonaErrorCode,
  type SonaErrorOptions,
} from './core/errors.js';
export { DEFAULTS, type Tuning, type TuningOptions } from './core/config.js';

export { HashingEmbedder, type HashingEmbedderOptions } from './embeddings/hashing-embedder.js';
export { itemText, type Embedder } from './embeddings/types.js';

export type {
  AdapterInfo,
  Assignment,
  ContentRepository,
  EventRepository,
  Experiment,
  ExperimentNamespace,
  ExperimentPatch,
  ExperimentRepository,
  ExperimentStatus,
  LoraAdapterRepository,
  ModelRepository,
  NewExperiment,
  ProfileRepository,
  RecommendationCache,
  Snapshot,
  SnapshotInfo,
  StoredAdapter,
  StoreSet,
  Variant,
  VariantTotals,
  VectorMatch,
  VectorQuery,
  VectorRecord,
  VectorStore,
} from './stores/types.js';
