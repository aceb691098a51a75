/**
 * Recommendation sources: the contract a host implements to add its own (editorial picks,
 * business rules, a model trained elsewhere), and the built-in sources, for reuse or wrapping.
 *
 * ```ts
 * import type { Source } from '@media-gateway/sona/sources';
 * const editorial: Source = { name: 'editorial', role: 'ambient', defaultWeight: 0.3, candidates: async () => picks };
 * ```
 *
 * @packageDocumentation
 */
export type * from './source.js';
export type { SourceDefinition } from './definition.js';
export { BUILTIN_SOURCES, type BuiltinSourceName } from './builtin.js';
export { ModelSource, type ModelKind, type ModelSourceOptions } from './model-source.js';
export { userRow } from './history-row.js';
/** What the host hears of a source that did not answer in time (`SONA_TIMEOUT`). */
export { TimeoutError } from '../core/errors.js';
export { TrendingSource, trendingSettings } from './trending/index.js';
export { StatedGenresSource } from './stated/index.js';
export { DemographicSource } from './demographic/index.js';
export { ContextSource } from './context/index.js';
export { ContentSource, contentSettings, nearestAnchors, type Anchor } from './content/index.js';
export { GraphSource, graphSettings, type GraphOptions } from './graph/index.js';
export { ALS_KIND, alsSettings, type AlsSettings } from './collaborative/index.js';
export { ITEM_KNN_KIND, itemKnnSettings, type ItemKnnSettings } from './item-knn/index.js';
export type { CatalogIndex } from '../core/catalog-index.js';
export type { IdMap } from '../core/id-map.js';
export type { DecayedCounter } from '../algorithms/popularity/decayed-counter.js';
export type { EngagementParams, ItemInteraction } from '../algorithms/profile/engagement.js';
export type { PreferenceParams } from '../algorithms/profile/preference-vector.js';
export type { SparseRow } from '../algorithms/cf/matrix.js';
