import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * A minimal protobuf writer for the ONNX messages a small model needs, so tests can make a real
 * model without Python or the onnx package. Field numbers come from onnx.proto.
 */
const encoder = new TextEncoder();

function varint(value: number): number[] {
  let n = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    out.push(byte);
  } while (n > 0n);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const intField = (field: number, value: number) => Uint8Array.from([...varint(field << 3), ...varint(value)]);
const bytesField = (field: number, bytes: Uint8Array) => concat(Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes);
const stringField = (field: number, s: string) => bytesField(field, encoder.encode(s));
const message = (field: number, ...parts: Uint8Array[]) => bytesField(field, concat(...parts));

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

const attrInt = (name: string, value: number) => message(5, stringField(1, name), intField(20, ATTR_INT), intField(3, value));
const node = (op: string, inputs: string[], outputs: string[], ...attributes: Uint8Array[]) =>
  message(1, ...inputs.map((s) => stringField(1, s)), ...outputs.map((s) => stringField(2, s)), stringField(4, op), ...attributes);
const valueInfo = (field: number, name: string, elemType: number, dims: Array<number | string>) =>
  message(
    field,
    stringField(1, name),
    message(
      2,
      message(1, intField(1, elemType), message(2, ...dims.map((d) => (typeof d === 'string' ? message(1, stringField(2, d)) : message(1, intField(1, d)))))),
    ),
  );

function floatTensor(name: string, dims: number[], data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return message(5, ...dims.map((d) => intField(1, d)), intField(2, FLOAT), stringField(8, name), bytesField(9, bytes));
}

function int64Tensor(name: string, values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return message(5, intField(1, values.length), intField(2, INT64), stringField(8, name), bytesField(9, bytes));
}

/** The weights of the test model: every value is a closed-form function, so tests can recompute them. */
export const tinyModelWeights = {
  /** Word embedding of token `token`, component `j`. */
  word: (token: number, j: number) => Math.fround(0.8 * Math.sin(0.7 * token + 1.3 * j + 0.1)),
  /** Token-type embedding of segment `type`, component `j`. */
  type: (type: number, j: number) => Math.fround(0.1 * (type + 1) * Math.cos(0.5 * j)),
};

/**
 * A BERT-style embedding model as ONNX bytes: `last_hidden_state[b, s] =
 * tanh(word[input_ids[b, s]] + type[token_type_ids[b, s]]) × attention_mask[b, s]`, with the
 * three standard int64 inputs of shape `[batch, sequence]` and a float output
 * `[batch, sequence, dimension]` (IR 8, opset 13). Weights are {@link tinyModelWeights}.
 */
export function tinyModelOnnx(vocabSize: number, dimension: number): Uint8Array {
  const word = new Float32Array(vocabSize * dimension);
  for (let v = 0; v < vocabSize; v++) for (let j = 0; j < dimension; j++) word[v * dimension + j] = tinyModelWeights.word(v, j);
  const type = new Float32Array(2 * dimension);
  for (let t = 0; t < 2; t++) for (let j = 0; j < dimension; j++) type[t * dimension + j] = tinyModelWeights.type(t, j);
  const graph = message(
    7,
    node('Gather', ['word_embeddings', 'input_ids'], ['words'], attrInt('axis', 0)),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types'], attrInt('axis', 0)),
    node('Add', ['words', 'types'], ['summed']),
    node('Tanh', ['summed'], ['activated']),
    node('Cast', ['attention_mask'], ['mask_float'], attrInt('to', FLOAT)),
    node('Unsqueeze', ['mask_float', 'last_axis'], ['mask_3d']),
    node('Mul', ['activated', 'mask_3d'], ['last_hidden_state']),
    stringField(2, 'sona_tiny_bert'),
    floatTensor('word_embeddings', [vocabSize, dimension], word),
    floatTensor('token_type_embeddings', [2, dimension], type),
    int64Tensor('last_axis', [2]),
    valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
    valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
    valueInfo(11, 'token_type_ids', INT64, ['batch', 'sequence']),
    valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', dimension]),
  );
  return concat(intField(1, 8), stringField(2, 'sona'), graph, message(8, stringField(1, ''), intField(2, 13)));
}

/** Special tokens first (ids 0-4), then the words and word pieces of the test vocabulary. */
export const TINY_VOCABULARY: readonly string[] = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'the',
  'a',
  'and',
  'of',
  'in',
  'to',
  'with',
  'by',
  'genres',
  'themes',
  'directed',
  'starring',
  'heat',
  'crime',
  'drama',
  'comedy',
  'action',
  'thriller',
  'romance',
  'space',
  'love',
  'heist',
  'city',
  'war',
  'family',
  'night',
  'story',
  'film',
  'movie',
  'rec',
  '##ommend',
  '##er',
  '##s',
  '##ing',
  '##ed',
  'sci',
  '-',
  'fi',
  'documentary',
  'animation',
  'horror',
  'adventure',
  'fantasy',
  'mystery',
  'music',
  'world',
  'hello',
  ',',
  '.',
  ':',
];

/** A Hugging Face `tokenizer.json` (BERT WordPiece, lower-cased) over `vocabulary`. */
export function tinyTokenizerJson(vocabulary: readonly string[] = TINY_VOCABULARY): object {
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content) => ({
      id: vocabulary.indexOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocabulary.indexOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocabulary.indexOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])),
    },
  };
}

/** Options of {@link writeTinyModel}. */
export interface TinyModelOptions {
  /** Output width (default 32). */
  dimension?: number;
  /** Rows of the model's embedding table (default: the vocabulary size; smaller makes a mismatched pair). */
  modelVocabSize?: number;
  /** Largest sequence length the model declares in config.json (default 128). */
  maxLength?: number;
}

/**
 * Writes a complete model directory (`model.onnx`, `tokenizer.json`, `tokenizer_config.json`,
 * `config.json`) that `OnnxEmbedder` loads like any exported sentence-embedding model. For tests,
 * examples and benchmarks that need a real model without downloading one.
 */
export async function writeTinyModel(directory: string, options: TinyModelOptions = {}): Promise<string> {
  const dimension = options.dimension ?? 32;
  const vocabSize = options.modelVocabSize ?? TINY_VOCABULARY.length;
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'model.onnx'), tinyModelOnnx(vocabSize, dimension));
  await writeFile(join(directory, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  await writeFile(
    join(directory, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: options.maxLength ?? 128,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  await writeFile(
    join(directory, 'config.json'),
    JSON.stringify({ model_type: 'bert', hidden_size: dimension, vocab_size: vocabSize, max_position_embeddings: options.maxLength ?? 128 }),
  );
  return directory;
}
