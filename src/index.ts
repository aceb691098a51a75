/**
 * SONA: an embeddable hybrid recommendation engine for media and streaming applications.
 *
 * Start with {@link createEngine}; everything else is optional wiring. The first screen is here;
 * more lives in subpaths: `/sources` (the source contract and built-in sources), `/stores`
 * (every port and record type), `/memory`, `/postgres`, `/pglite`, `/qdrant` (stores),
 * `/onnx` (embeddings), `/experiments`, `/evaluation`, `/testing` and `/types` (every type).
 *
 * @packageDocumentation
 */
export { SonaEngine, createEngine } from './engine/engine.js';
export { DEFAULTS } from './engine/config.js';
export type { SonaEngineOptions } from './engine/options.js';
export type { UserAttributesUpdate, ViewingEvent } from './engine/inputs.js';
export type { FitOptions, RecommendOptions } from './engine/option-inputs.js';
export type { RecommendationResponse } from './engine/pipeline/index.js';
export type { Explanation, FitReport, TrackResult } from './engine/reports.js';
export type { ContentItem, Recommendation, SimilarItem, TrackedEvent, UserAttributes, UserProfile } from './core/types.js';
export type { Candidate, Source, SourceRequest } from './sources/source.js';
export type { Embedder } from './embeddings/types.js';
export type {
  ContentRepository,
  EventRepository,
  ExperimentRepository,
  LoraAdapterRepository,
  ModelRepository,
  ProfileRepository,
  RecommendationCache,
  StoreSet,
  VectorStore,
} from './stores/types.js';
export {
  AbortedError,
  ClosedError,
  ConfigurationError,
  DimensionMismatchError,
  ModelError,
  NotFoundError,
  SonaError,
  StoreError,
  ValidationError,
} from './core/errors.js';
