/**
 * Embedding throughput and vector search latency.
 * - items/s of the hashing embedder and of OnnxEmbedder on the generated BERT-style model
 *   (384 dimensions; an embedding layer only, so this measures tokenisation and ONNX Runtime
 *   overhead, not a transformer's compute), at batch 1 and 32;
 * - VectorStore top-10 query p50/p95 for memory and PGlite + pgvector (HNSW) stores.
 * Usage: npx tsx bench/embeddings.ts [vectors=100000] [dimension=384]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { seededRandom } from '../src/core/random.js';
import type { Embedder } from '../src/index.js';
import { HashingEmbedder } from '../src/embeddings/index.js';
import { OnnxEmbedder } from '../src/onnx.js';
import { MemoryVectorStore } from '../src/stores/memory/index.js';
import { pgliteExecutor } from '../src/stores/pglite/executor.js';
import { PgVectorStore } from '../src/stores/postgres/pgvector-store.js';
import type { VectorStore } from '../src/stores/types.js';
import { TINY_VOCABULARY, writeTinyModel } from '../src/testing/index.js';

const N = Number(process.argv[2] ?? 100_000);
const D = Number(process.argv[3] ?? 384);
const rand = seededRandom(3);
const words = TINY_VOCABULARY.filter((w) => /^[a-z]+$/.test(w));
const sentence = () => Array.from({ length: 12 + Math.floor(rand() * 30) }, () => words[Math.floor(rand() * words.length)]).join(' ');
const texts = Array.from({ length: 2048 }, sentence);

async function throughput(embedder: Embedder, batch: number, count: number): Promise<number> {
  await embedder.embed(texts.slice(0, batch)); // warm-up
  const started = performance.now();
  for (let i = 0; i < count; i += batch) await embedder.embed(texts.slice(i % texts.length, (i % texts.length) + batch));
  return count / ((performance.now() - started) / 1000);
}

const dir = await mkdtemp(join(tmpdir(), 'sona-bench-'));
const onnx = await OnnxEmbedder.load({ modelPath: await writeTinyModel(dir, { dimension: D }) });
const hashing = new HashingEmbedder({ dimension: D });
console.log(`Embedding throughput, ${texts.length} texts of 12-41 words, node ${process.version}`);
console.log('');
console.log('| embedder | batch | items/s |');
console.log('| --- | ---: | ---: |');
for (const [name, embedder] of [
  ['hashing', hashing],
  [`onnx (generated, ${D}-d)`, onnx],
] as const) {
  for (const batch of [1, 32])
    console.log(`| ${name} | ${batch} | ${Math.round(await throughput(embedder, batch, batch === 1 ? 1000 : 2048)).toLocaleString('en')} |`);
}
await onnx.close();
await rm(dir, { recursive: true, force: true });

function randomVector(): Float32Array {
  return Float32Array.from({ length: D }, () => rand() * 2 - 1);
}

async function queryLatency(store: VectorStore, queries: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await store.query(randomVector(), { k: 10 });
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const q = randomVector();
    const t = performance.now();
    await store.query(q, { k: 10 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(queries / 2)]!, p95: times[Math.floor(queries * 0.95)]! };
}

console.log('');
console.log(`VectorStore top-10 query, ${N.toLocaleString('en')} random ${D}-d vectors (uniform random data: the hard case for HNSW recall)`);
console.log('');
console.log('| store | load s | index s | p50 ms | p95 ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const records = Array.from({ length: N }, (_, i) => ({ id: `item-${i}`, vector: randomVector() }));
const memory = new MemoryVectorStore({ dimension: D });
let t = performance.now();
await memory.upsert(records);
const memoryLoad = (performance.now() - t) / 1000;
const m = await queryLatency(memory, 200);
console.log(`| memory (exact) | ${memoryLoad.toFixed(1)} | - | ${m.p50.toFixed(2)} | ${m.p95.toFixed(2)} |`);
const db = await PGlite.create({ extensions: { vector } });
const pgvector = new PgVectorStore(pgliteExecutor(db), { dimension: D });
t = performance.now();
for (let i = 0; i < records.length; i += 5000) await pgvector.upsert(records.slice(i, i + 5000));
const pgLoad = (performance.now() - t) / 1000;
t = performance.now();
await pgvector.buildIndex();
const pgIndex = (performance.now() - t) / 1000;
const p = await queryLatency(pgvector, 200);
console.log(`| PGlite + pgvector (HNSW m 16, ef 40) | ${pgLoad.toFixed(1)} | ${pgIndex.toFixed(1)} | ${p.p50.toFixed(2)} | ${p.p95.toFixed(2)} |`);
await db.close();
