import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import type * as Ort from 'onnxruntime-node';
import { importPeer } from '../core/peer.js';
import { ConfigurationError, DimensionMismatchError, ModelError, throwIfAborted } from '../core/errors.js';
import type { Progress } from '../core/types.js';
import type { Embedder } from './types.js';
import { findModelFile, firstExisting, numberField, readJsonIfExists, readModel } from './onnx-files.js';
import { chooseOutput, specialTokenLayout, type Pooling } from './onnx-layout.js';

export type { Pooling } from './onnx-layout.js';

/** Options of {@link OnnxEmbedder.load}. */
export interface OnnxEmbedderOptions {
  /**
   * A model directory (with `model.onnx` or `onnx/model.onnx`, and `tokenizer.json`) or the
   * `.onnx` file itself. Defaults to the `SONA_MODEL_PATH` environment variable.
   */
  modelPath?: string;
  /** The Hugging Face `tokenizer.json`; default: beside the model, or in its parent directory. */
  tokenizerPath?: string;
  /** Texts per inference call (default 32). */
  batchSize?: number;
  /** Longest token sequence, special tokens included; longer texts are truncated (default: the model's limit, at most 512). */
  maxLength?: number;
  /**
   * `'mean'`: average of token vectors weighted by the attention mask (sentence-transformers'
   * default); `'cls'`: the first token's vector; `'model'`: a pooled `[batch, dim]` output of
   * the model itself. Default: `'model'` when the model has such an output, otherwise `'mean'`.
   */
  pooling?: Pooling;
  /** Which model output to read; default `sentence_embedding`/`pooler_output` for `'model'` pooling, else `last_hidden_state` or the first output. */
  output?: string;
  /** Scale vectors to unit length (default true). */
  normalize?: boolean;
  /** Fail with DimensionMismatchError unless the model produces vectors of this length. */
  expectedDimension?: number;
  /** Threads onnxruntime may use per inference (default: its own choice). */
  threads?: number;
}

/** Options of {@link OnnxEmbedder.embed}. */
export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each batch with `{ stage: 'embed', done, total }`. */
  onProgress?: (progress: Progress) => void;
}

interface Encoded {
  ids: number[];
  typeIds: number[];
}

/**
 * Sentence embeddings from a local ONNX model (for example all-MiniLM-L6-v2 exported with
 * Optimum) and its Hugging Face tokenizer, on onnxruntime-node's CPU backend. Nothing is
 * downloaded: the host points it at files on disk. Install the optional peers first:
 * `npm install onnxruntime-node @huggingface/tokenizers`.
 *
 * ```ts
 * const embedder = await OnnxEmbedder.load({ modelPath: './models/all-MiniLM-L6-v2' });
 * const engine = await createEngine({ embedder, stores });
 * ```
 */
export class OnnxEmbedder implements Embedder {
  /** Read from the model by a probe inference at load time. */
  readonly dimension: number;
  /** `onnx:` and a digest of the model and tokenizer files: a new model means new vectors. */
  readonly modelId: string;
  /** A sentence model places items by meaning. */
  readonly semantic = true;
  /** Longest token sequence fed to the model. */
  readonly maxLength: number;
  readonly pooling: Pooling;
  private readonly batchSize: number;
  private readonly normalize: boolean;

  private constructor(
    private readonly session: Ort.InferenceSession,
    private readonly ort: typeof Ort,
    private readonly tokenizer: Tokenizer,
    private readonly output: string,
    private readonly template: { prefix: number; suffix: number },
    settings: { dimension: number; modelId: string; maxLength: number; pooling: Pooling; batchSize: number; normalize: boolean },
  ) {
    this.dimension = settings.dimension;
    this.modelId = settings.modelId;
    this.maxLength = settings.maxLength;
    this.pooling = settings.pooling;
    this.batchSize = settings.batchSize;
    this.normalize = settings.normalize;
  }

  /** Loads the model and tokenizer, checks they fit together, and measures the output width. */
  static async load(options: OnnxEmbedderOptions = {}): Promise<OnnxEmbedder> {
    const given = options.modelPath ?? process.env.SONA_MODEL_PATH;
    if (!given) throw new ConfigurationError('modelPath', 'give a model directory or .onnx file (or set SONA_MODEL_PATH)');
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigurationError('batchSize', 'must be a positive integer');
    const modelFile = await findModelFile(given);
    const modelDir = dirname(modelFile);
    const tokenizerFile =
      options.tokenizerPath ?? (await firstExisting([join(modelDir, 'tokenizer.json'), join(modelDir, '..', 'tokenizer.json')], 'tokenizer.json'));
    const [modelBytes, tokenizerText] = await Promise.all([readModel(modelFile), readModel(tokenizerFile)]);
    const configDir = dirname(tokenizerFile);
    const tokenizerConfig = await readJsonIfExists(join(configDir, 'tokenizer_config.json'));
    const modelConfig = await readJsonIfExists(join(configDir, 'config.json'));

    const { Tokenizer } = await importPeer('@huggingface/tokenizers', 'OnnxEmbedder', () => import('@huggingface/tokenizers'));
    const ort = await importPeer('onnxruntime-node', 'OnnxEmbedder', () => import('onnxruntime-node'));
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(JSON.parse(tokenizerText.toString('utf8')), tokenizerConfig ?? {});
    } catch (error) {
      throw new ModelError(`tokenizer ${tokenizerFile} is not a valid Hugging Face tokenizer.json: ${(error as Error).message}`, {
        path: tokenizerFile,
        cause: error,
      });
    }
    const vocabSize = Math.max(...tokenizer.get_vocab(true).values()) + 1;
    const configVocab = typeof modelConfig?.vocab_size === 'number' ? modelConfig.vocab_size : undefined;
    if (configVocab !== undefined && vocabSize > configVocab) {
      throw new ModelError(`tokenizer has ${vocabSize} token ids but the model's config.json declares vocab_size ${configVocab}: they are not a pair`, {
        path: tokenizerFile,
      });
    }

    let session: Ort.InferenceSession;
    try {
      // Fatal only: the vocabulary probe below provokes an out-of-range error on purpose, which
      // becomes a ModelError; ORT would also print it to stderr.
      session = await ort.InferenceSession.create(modelBytes, { logSeverityLevel: 4, ...(options.threads ? { intraOpNumThreads: options.threads } : {}) });
    } catch (error) {
      throw new ModelError(`${modelFile} is not a loadable ONNX model: ${(error as Error).message}`, { path: modelFile, cause: error });
    }
    const inputs = new Set(session.inputNames);
    if (!inputs.has('input_ids')) throw new ModelError(`${modelFile} has no input_ids input (inputs: ${session.inputNames.join(', ')})`, { path: modelFile });
    const { output, pooling } = chooseOutput(session, options, modelFile);
    const limits = [options.maxLength, numberField(tokenizerConfig, 'model_max_length'), numberField(modelConfig, 'max_position_embeddings'), 512].filter(
      (n): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0,
    );
    const maxLength = Math.min(...limits);
    if (!Number.isInteger(maxLength) || maxLength < 3) throw new ConfigurationError('maxLength', 'must be an integer of at least 3');
    const template = specialTokenLayout(tokenizer);
    const modelId = `onnx:${createHash('sha256').update(modelBytes).update(tokenizerText).digest('hex').slice(0, 16)}:${pooling}:${maxLength}`;

    const probe = new OnnxEmbedder(session, ort, tokenizer, output, template, {
      dimension: 0,
      modelId,
      maxLength,
      pooling,
      batchSize,
      normalize: options.normalize ?? true,
    });
    // The largest token id must index the model's embedding table, or real text would fail later.
    let dimension: number;
    try {
      dimension = (await probe.runBatch([{ ids: [0, vocabSize - 1], typeIds: [0, 0] }]))[0]!.length;
    } catch (error) {
      throw new ModelError(
        `the model rejected token id ${vocabSize - 1} (the tokenizer's largest): tokenizer and model vocabularies do not match (${(error as Error).message})`,
        { path: modelFile, cause: error },
      );
    }
    if (options.expectedDimension !== undefined && options.expectedDimension !== dimension) {
      throw new DimensionMismatchError('model output', options.expectedDimension, dimension);
    }
    return new OnnxEmbedder(session, ort, tokenizer, output, template, {
      dimension,
      modelId,
      maxLength,
      pooling,
      batchSize,
      normalize: options.normalize ?? true,
    });
  }

  /** The token ids the model sees for `text` (special tokens included, truncated to `maxLength`). */
  tokenize(text: string): number[] {
    return this.encode(text).ids;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      throwIfAborted(options.signal, 'embedding');
      const batch = texts.slice(start, start + this.batchSize).map((t) => this.encode(t));
      out.push(...(await this.runBatch(batch)));
      options.onProgress?.({ stage: 'embed', done: out.length, total: texts.length });
    }
    return out;
  }

  /** Frees the native session. */
  async close(): Promise<void> {
    await this.session.release();
  }

  private encode(text: string): Encoded {
    if (typeof text !== 'string') throw new ConfigurationError('texts', 'must be strings');
    // Tokenising a novel costs time for nothing: no more than ~20 characters per kept token matter.
    const clipped = text.length > this.maxLength * 20 ? text.slice(0, this.maxLength * 20) : text;
    const e = this.tokenizer.encode(clipped, { return_token_type_ids: true });
    const ids = e.ids;
    const typeIds = e.token_type_ids ?? new Array<number>(ids.length).fill(0);
    if (ids.length <= this.maxLength) return { ids, typeIds };
    // Keep the special tokens the template adds at both ends; cut the text in between.
    const { prefix, suffix } = this.template;
    const keep = this.maxLength - prefix - suffix;
    const cut = (a: number[]) => [...a.slice(0, prefix + keep), ...a.slice(a.length - suffix)];
    return { ids: cut(ids), typeIds: cut(typeIds) };
  }

  private async runBatch(batch: readonly Encoded[]): Promise<Float32Array[]> {
    const rows = batch.length;
    const length = Math.max(1, ...batch.map((e) => e.ids.length));
    const ids = new BigInt64Array(rows * length);
    const mask = new BigInt64Array(rows * length);
    const types = new BigInt64Array(rows * length);
    batch.forEach((e, r) => {
      for (let s = 0; s < e.ids.length; s++) {
        ids[r * length + s] = BigInt(e.ids[s]!);
        mask[r * length + s] = 1n;
        types[r * length + s] = BigInt(e.typeIds[s] ?? 0);
      }
    });
    const feeds: Record<string, Ort.Tensor> = {};
    const { ort } = this;
    const dims = [rows, length];
    for (const name of this.session.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
      else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', types, dims);
      else throw new ModelError(`model input ${name} is not one SONA can fill (input_ids, attention_mask, token_type_ids)`);
    }
    const result = await this.session.run(feeds, [this.output]);
    const tensor = result[this.output]!;
    const data = tensor.data as Float32Array;
    const out = this.pool(data, tensor.dims, mask, rows, length);
    for (const v of out) {
      if (!v.every(Number.isFinite)) throw new ModelError('the model produced NaN or Infinity');
      if (this.normalize) normalizeInPlace(v);
    }
    return out;
  }

  private pool(data: Float32Array, dims: readonly number[], mask: BigInt64Array, rows: number, length: number): Float32Array[] {
    if (this.pooling === 'model') {
      if (dims.length !== 2) throw new ModelError(`output ${this.output} has shape [${dims.join(', ')}], expected [batch, dimension]`);
      const d = dims[1]!;
      return Array.from({ length: rows }, (_, r) => data.slice(r * d, (r + 1) * d));
    }
    if (dims.length !== 3) throw new ModelError(`output ${this.output} has shape [${dims.join(', ')}], expected [batch, sequence, dimension]`);
    const d = dims[2]!;
    return Array.from({ length: rows }, (_, r) => {
      const v = new Float32Array(d);
      if (this.pooling === 'cls') {
        v.set(data.subarray(r * length * d, r * length * d + d));
        return v;
      }
      let count = 0;
      const acc = new Float64Array(d);
      for (let s = 0; s < length; s++) {
        if (mask[r * length + s] === 0n) continue;
        count++;
        const base = (r * length + s) * d;
        for (let j = 0; j < d; j++) acc[j]! += data[base + j]!;
      }
      for (let j = 0; j < d; j++) v[j] = count > 0 ? acc[j]! / count : 0;
      return v;
    });
  }
}

function normalizeInPlace(v: Float32Array): void {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  if (s === 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < v.length; j++) v[j]! *= inv;
}
