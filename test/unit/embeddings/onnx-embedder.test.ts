import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, ConfigurationError, DimensionMismatchError, ModelError, createEngine } from '../../../src/index.js';
import { OnnxEmbedder } from '../../../src/onnx.js';
import { TINY_VOCABULARY, tinyModelWeights, writeTinyModel } from '../../../src/testing/index.js';

const id = (token: string) => {
  const i = TINY_VOCABULARY.indexOf(token);
  if (i < 0) throw new Error(`not in vocabulary: ${token}`);
  return i;
};

/** The model's output for `ids`, computed here from the closed-form weights (not through ONNX). */
function expectedVector(ids: number[], dimension: number): number[] {
  const mean = new Array<number>(dimension).fill(0);
  for (const t of ids) for (let j = 0; j < dimension; j++) mean[j]! += Math.tanh(tinyModelWeights.word(t, j) + tinyModelWeights.type(0, j)) / ids.length;
  const n = Math.hypot(...mean);
  return mean.map((x) => x / n);
}

let root: string;
let dir: string;
let embedder: OnnxEmbedder;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sona-onnx-'));
  dir = await writeTinyModel(join(root, 'tiny'), { dimension: 32 });
  embedder = await OnnxEmbedder.load({ modelPath: dir, batchSize: 2 });
});
afterAll(async () => {
  await embedder?.close();
  await rm(root, { recursive: true, force: true });
});

describe('OnnxEmbedder on a generated BERT-style model', () => {
  const text = 'Hello recommender, heat!';
  // BERT normalisation lower-cases; WordPiece splits "recommender"; "!" is not in the vocabulary.
  const ids = ['[CLS]', 'hello', 'rec', '##ommend', '##er', ',', 'heat', '[UNK]', '[SEP]'].map(id);

  it('tokenises with the real WordPiece tokenizer', () => {
    expect(embedder.tokenize(text)).toEqual(ids);
  });

  it('reads the output dimension from the model', async () => {
    expect(embedder.dimension).toBe(32);
    const wide = await OnnxEmbedder.load({ modelPath: await writeTinyModel(join(root, 'wide'), { dimension: 48 }) });
    expect(wide.dimension).toBe(48);
    await wide.close();
  });

  it('produces the mask-weighted mean of token vectors, L2-normalised, matching an independent computation', async () => {
    const [v] = await embedder.embed([text]);
    const want = expectedVector(ids, 32);
    expect(v).toBeInstanceOf(Float32Array);
    v!.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
    expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
  });

  it('gives the same vector alone and padded in a batch with longer texts', async () => {
    const texts = ['heat', 'the crime drama of the city and the night', 'heat', 'love story'];
    const batched = await embedder.embed(texts);
    const [alone] = await embedder.embed(['heat']);
    batched[0]!.forEach((x, j) => expect(x).toBeCloseTo(alone![j]!, 6));
    batched[2]!.forEach((x, j) => expect(x).toBeCloseTo(alone![j]!, 6));
    const want = expectedVector(['[CLS]', 'heat', '[SEP]'].map(id), 32);
    alone!.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
  });

  it('truncates long texts to maxLength, keeping the special tokens', async () => {
    const short = await OnnxEmbedder.load({ modelPath: dir, maxLength: 5 });
    expect(short.tokenize('the crime drama of the city')).toEqual(['[CLS]', 'the', 'crime', 'drama', '[SEP]'].map(id));
    const [v] = await short.embed(['the crime drama of the city']);
    const want = expectedVector(['[CLS]', 'the', 'crime', 'drama', '[SEP]'].map(id), 32);
    v!.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
    expect(embedder.maxLength).toBe(128);
    await short.close();
  });

  it('reports progress per batch and stops on abort', async () => {
    const seen: number[] = [];
    await embedder.embed(['a', 'b', 'c'], { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([2, 3]);
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['a'], { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it('serves an engine as its embedder', async () => {
    const engine = await createEngine({ embedder });
    await engine.upsertContent([
      { id: 'heat', title: 'Heat', genres: ['Crime', 'Thriller'] },
      { id: 'ronin', title: 'Ronin', genres: ['Crime', 'Action', 'Thriller'] },
      { id: 'amelie', title: 'Amelie', genres: ['Romance', 'Comedy'] },
    ]);
    const similar = await engine.similarItems('heat', { count: 2 });
    expect(similar.map((s) => s.itemId)).toEqual(['ronin', 'amelie']);
    await engine.close();
  });
});

describe('OnnxEmbedder failures are typed', () => {
  it('a missing model path or file', async () => {
    await expect(OnnxEmbedder.load({ modelPath: join(root, 'nowhere') })).rejects.toBeInstanceOf(ModelError);
    const empty = join(root, 'empty');
    await writeTinyModel(empty);
    await unlink(join(empty, 'model.onnx'));
    await expect(OnnxEmbedder.load({ modelPath: empty })).rejects.toThrow(/no model\.onnx found/);
    await expect(OnnxEmbedder.load({})).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('a corrupt model file', async () => {
    const broken = await writeTinyModel(join(root, 'broken'));
    await writeFile(join(broken, 'model.onnx'), Buffer.from('this is not a protobuf'));
    const error = await OnnxEmbedder.load({ modelPath: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/not a loadable ONNX model/);
    expect((error as ModelError).path).toBe(join(broken, 'model.onnx'));
  });

  it('a tokenizer whose vocabulary the model does not cover, with or without config.json', async () => {
    const mismatched = await writeTinyModel(join(root, 'mismatch'), { modelVocabSize: 20 });
    await expect(OnnxEmbedder.load({ modelPath: mismatched })).rejects.toThrow(/vocab_size 20/);
    await unlink(join(mismatched, 'config.json'));
    const error = await OnnxEmbedder.load({ modelPath: mismatched }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/vocabularies do not match/);
  });

  it('a model of the wrong dimension', async () => {
    await expect(OnnxEmbedder.load({ modelPath: dir, expectedDimension: 384 })).rejects.toBeInstanceOf(DimensionMismatchError);
  });
});
