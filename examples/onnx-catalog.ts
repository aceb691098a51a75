// Embedding a catalogue with a local ONNX sentence-embedding model (onnxruntime-node and
// @huggingface/tokenizers, both optional peers). Nothing is downloaded: point SONA_MODEL_PATH at
// a model directory you have (model.onnx + tokenizer.json, e.g. an exported MiniLM), or leave it
// unset and the example writes SONA's small generated test model to a temporary folder.
// Run it with `npx tsx examples/onnx-catalog.ts`.
// In your app, import from '@media-gateway/sona', '@media-gateway/sona/onnx' and '/memory'.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/index.js';
import { OnnxEmbedder } from '../src/onnx.js';
import { createMemoryStores } from '../src/stores/memory/index.js';
import { writeTinyModel } from '../src/testing/index.js';

const generated = process.env.SONA_MODEL_PATH ? undefined : await mkdtemp(join(tmpdir(), 'sona-model-'));
const modelPath = process.env.SONA_MODEL_PATH || (await writeTinyModel(generated!, { dimension: 64 }));
try {
  const embedder = await OnnxEmbedder.load({ modelPath, batchSize: 16 });
  console.log(`model ${embedder.modelId}: ${embedder.dimension} dimensions`);
  const engine = await createEngine({ embedder, stores: createMemoryStores({ dimension: embedder.dimension }) });
  const genres = [['Crime', 'Thriller'], ['Family', 'Animation'], ['Documentary'], ['Comedy']];
  const catalog = Array.from({ length: 200 }, (_, i) => ({
    id: `film-${i}`,
    title: `${['The', 'A', 'Last', 'Night'][i % 4]} ${['heat', 'journey', 'city', 'river', 'song'][i % 5]} ${i}`,
    genres: genres[i % genres.length]!,
    description: i % 2 ? 'A story about family and friends.' : 'A crime story in the city at night.',
  }));
  await engine.upsertContent(catalog); // embedded as they arrive

  // The whole catalogue, resumably: only items that are new, changed or from another model.
  const report = await engine.embedCatalog({
    batchSize: 64,
    onProgress: ({ done, total }) => process.stdout.write(`\rembedding ${done}/${total}`),
  });
  console.log(`\ncatalogue of ${report.items}: ${report.embedded} embedded, ${report.unchanged} already current`);

  const similar = await engine.similarItems('film-0', { count: 3 });
  console.log(`closest to film-0: ${similar.map((s) => `${s.itemId} (${s.score.toFixed(3)})`).join(', ')}`);
  await engine.close();
} finally {
  if (generated) await rm(generated, { recursive: true, force: true });
}
