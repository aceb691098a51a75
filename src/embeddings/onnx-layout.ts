/** Where an ONNX text model puts what the embedder reads: its outputs, and the tokenizer's special tokens. */
import type { Tokenizer } from '@huggingface/tokenizers';
import type * as Ort from 'onnxruntime-node';
import { ConfigurationError, ModelError } from '../core/errors.js';

/** How token vectors become one text vector. */
export type Pooling = 'mean' | 'cls' | 'model';

/** How many special tokens the tokenizer's template puts before and after a single text. */
export function specialTokenLayout(tokenizer: Tokenizer): { prefix: number; suffix: number } {
  const plain = tokenizer.encode('a', { add_special_tokens: false }).ids;
  const full = tokenizer.encode('a').ids;
  for (let prefix = 0; prefix + plain.length <= full.length; prefix++) {
    if (plain.every((id, i) => full[prefix + i] === id)) return { prefix, suffix: full.length - prefix - plain.length };
  }
  return { prefix: 0, suffix: 0 };
}

/**
 * The output the vectors are read from and how they are pooled: the one the host named, else a
 * pooled `[batch, dimension]` output when the model has one, else token vectors, mean-pooled.
 */
export function chooseOutput(
  session: Ort.InferenceSession,
  options: { output?: string | undefined; pooling?: Pooling | undefined },
  modelFile: string,
): { output: string; pooling: Pooling } {
  const names = session.outputNames;
  const rank = (name: string) => {
    const meta = session.outputMetadata.find((m) => m.name === name);
    return meta && meta.isTensor && meta.shape.length > 0 ? meta.shape.length : undefined;
  };
  if (options.output !== undefined && !names.includes(options.output)) {
    throw new ConfigurationError('output', `the model has no output ${options.output} (outputs: ${names.join(', ')})`);
  }
  const pooled = options.output ?? names.find((n) => n === 'sentence_embedding' || n === 'pooler_output') ?? names.find((n) => rank(n) === 2);
  const pooling = options.pooling ?? (pooled !== undefined && (options.output === undefined || rank(options.output) === 2) ? 'model' : 'mean');
  if (pooling === 'model') {
    if (pooled === undefined)
      throw new ModelError(`pooling 'model' needs a [batch, dimension] output; ${modelFile} has ${names.join(', ')}`, { path: modelFile });
    return { output: pooled, pooling };
  }
  const tokens = options.output ?? names.find((n) => n === 'last_hidden_state' || n === 'token_embeddings') ?? names.find((n) => rank(n) === 3) ?? names[0]!;
  return { output: tokens, pooling };
}
