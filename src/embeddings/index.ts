/**
 * Embedders turn item text into vectors. The hashing embedder is the zero-configuration default
 * (no model, no download); `OnnxEmbedder` in `/onnx` runs a real sentence-embedding model.
 *
 * @packageDocumentation
 */
export type { Embedder } from './types.js';
export { itemText } from './types.js';
export { HashingEmbedder, type HashingEmbedderOptions } from './hashing-embedder.js';
export { vectorFingerprint } from './fingerprint.js';
