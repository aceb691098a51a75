import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { seededRandom } from '../../src/core/random.js';
import { MemoryVectorStore } from '../../src/stores/memory/index.js';
import { pgliteExecutor } from '../../src/stores/pglite/executor.js';
import { PgVectorStore } from '../../src/stores/postgres/pgvector-store.js';
import type { SqlExecutor } from '../../src/stores/postgres/executor.js';
import { vectorStoreSpec } from '../../src/testing/index.js';
import { registerSuite } from './register.js';

let db: PGlite;
let executor: SqlExecutor;
beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  executor = pgliteExecutor(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

let tables = 0;
registerSuite(
  'PgVectorStore (PGlite + pgvector)',
  // A fresh table per case: cheaper than truncating, and it exercises lazy schema creation.
  vectorStoreSpec(async () => new PgVectorStore(executor, { dimension: 4, table: `conformance_${tables++}` })),
);

registerSuite(
  'PgVectorStore through its HNSW index (PGlite + pgvector)',
  vectorStoreSpec(async () => new PgVectorStore(executor, { dimension: 4, table: `conformance_${tables++}`, indexThreshold: 1 })),
);

function randomVectors(n: number, d: number, seed: number): Float32Array[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: d }, () => rand() * 2 - 1));
}

describe('PgVectorStore index search', () => {
  it('agrees with exact search on most of the top 10, and excluded ids never come back', async () => {
    const d = 32;
    const data = randomVectors(3000, d, 7);
    const ann = new PgVectorStore(executor, { dimension: d, table: 'recall_check', efSearch: 100 });
    const exact = new MemoryVectorStore({ dimension: d });
    const records = data.map((v, i) => ({ id: `item-${i}`, vector: v }));
    await ann.upsert(records);
    await exact.upsert(records);
    let overlap = 0;
    const queries = randomVectors(20, d, 99);
    for (const q of queries) {
      const truth = await exact.query(q, { k: 10 });
      const excludeIds = truth.slice(0, 5).map((m) => m.id);
      const got = await ann.query(q, { k: 10, excludeIds });
      expect(got).toHaveLength(10);
      expect(got.some((m) => excludeIds.includes(m.id))).toBe(false);
      const want = new Set((await exact.query(q, { k: 10, excludeIds })).map((m) => m.id));
      overlap += got.filter((m) => want.has(m.id)).length;
      for (let i = 1; i < got.length; i++) expect(got[i - 1]!.score).toBeGreaterThanOrEqual(got[i]!.score);
    }
    expect(overlap / (queries.length * 10)).toBeGreaterThan(0.8);
  }, 60_000);

  it('uses the HNSW index for open queries', async () => {
    const plan = await executor.transaction(async (tx) => {
      await tx.query("SELECT set_config('enable_seqscan', 'off', true)");
      return tx.query(`EXPLAIN SELECT id FROM recall_check ORDER BY embedding <=> $1::vector LIMIT 10`, [`[${new Array(32).fill(0.5).join(',')}]`]);
    });
    expect(JSON.stringify(plan)).toContain('recall_check_hnsw');
  });

  it('refuses a bad table name or dimension', () => {
    expect(() => new PgVectorStore(executor, { dimension: 4, table: 'x; DROP TABLE y' })).toThrow(ConfigurationError);
    expect(() => new PgVectorStore(executor, { dimension: 0 })).toThrow(ConfigurationError);
  });
});
