/**
 * In-memory reference implementations of every port. Zero configuration, no I/O; data lives as
 * long as the process. `createMemoryStores()` gives a full {@link StoreSet}.
 *
 * @packageDocumentation
 */
import type { StoreSet } from '../types.js';
import { MemoryContentRepository } from './content-repository.js';
import { MemoryEventRepository } from './event-repository.js';
import { MemoryExperimentRepository } from './experiment-repository.js';
import { MemoryLoraAdapterRepository } from './lora-adapter-repository.js';
import { MemoryModelRepository } from './model-repository.js';
import { MemoryProfileRepository } from './profile-repository.js';
import { MemoryRecommendationCache } from './recommendation-cache.js';
import { MemoryVectorStore } from './vector-store.js';
import { InProcessChangeFeed } from '../in-process-feed.js';

export { MemoryContentRepository } from './content-repository.js';
export { MemoryEventRepository } from './event-repository.js';
export { MemoryExperimentRepository } from './experiment-repository.js';
export { MemoryLoraAdapterRepository } from './lora-adapter-repository.js';
export { MemoryModelRepository } from './model-repository.js';
export { MemoryProfileRepository } from './profile-repository.js';
export { MemoryRecommendationCache, type MemoryRecommendationCacheOptions } from './recommendation-cache.js';
export { MemoryVectorStore, type MemoryVectorStoreOptions } from './vector-store.js';
export { InProcessChangeFeed } from '../in-process-feed.js';

/**
 * A complete in-memory {@link StoreSet} whose vector store holds `dimension`-long vectors
 * (512 by default, the default embedder's).
 */
export function createMemoryStores(options: { dimension?: number } = {}): StoreSet {
  return {
    content: new MemoryContentRepository(),
    events: new MemoryEventRepository(),
    profiles: new MemoryProfileRepository(),
    vectors: new MemoryVectorStore({ dimension: options.dimension ?? 512 }),
    models: new MemoryModelRepository(),
    adapters: new MemoryLoraAdapterRepository(),
    experiments: new MemoryExperimentRepository(),
    cache: new MemoryRecommendationCache(),
    changes: new InProcessChangeFeed(),
  };
}
