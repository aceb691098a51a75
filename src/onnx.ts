/**
 * Real sentence embeddings from a local ONNX model on onnxruntime-node, tokenised by
 * `@huggingface/tokenizers`. Both are optional peer dependencies:
 *
 * ```sh
 * npm install onnxruntime-node @huggingface/tokenizers
 * ```
 *
 * ```ts
 * import { createEngine } from '@media-gateway/sona';
 * import { OnnxEmbedder } from '@media-gateway/sona/onnx';
 * const embedder = await OnnxEmbedder.load({ modelPath: './models/all-MiniLM-L6-v2' });
 * const engine = await createEngine({ embedder });
 * ```
 *
 * @packageDocumentation
 */
export { OnnxEmbedder, type EmbedOptions, type OnnxEmbedderOptions, type Pooling } from './embeddings/onnx-embedder.js';
