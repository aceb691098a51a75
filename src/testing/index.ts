/**
 * Conformance suites: the contract of every port as runnable checks. Run them against your own
 * store with any test runner:
 *
 * ```ts
 * import { vectorStoreSpec } from '@media-gateway/sona/testing';
 * for (const c of vectorStoreSpec(() => new MyVectorStore({ dimension: 4 }))) it(c.name, c.run);
 * ```
 *
 * @packageDocumentation
 */
export { collect, HOSTILE_STRINGS, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';
export { contentRepositorySpec } from './content-repository.spec.js';
export { eventRepositorySpec } from './event-repository.spec.js';
export { experimentRepositorySpec } from './experiment-repository.spec.js';
export { loraAdapterRepositorySpec } from './lora-adapter-repository.spec.js';
export { modelRepositorySpec } from './model-repository.spec.js';
export { profileRepositorySpec } from './profile-repository.spec.js';
export { recommendationCacheSpec } from './recommendation-cache.spec.js';
export { vectorStoreSpec } from './vector-store.spec.js';
export { sourceSpec, type SourceFactory, type SourceSpecOptions } from './source.spec.js';
export { CHECKERBOARD_SIZE, checkerboardEvents, checkerboardItems, checkerboardMissing } from './checkerboard.js';
export { TINY_VOCABULARY, tinyModelOnnx, tinyModelWeights, tinyTokenizerJson, writeTinyModel, type TinyModelOptions } from './tiny-model.js';
