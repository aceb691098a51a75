import { ConfigurationError } from '../../core/errors.js';
import { TopK } from '../../core/top-k.js';
import { cosine } from '../../core/vector.js';
import type { VectorMatch, VectorQuery, VectorRecord, VectorStore } from '../types.js';
import { BASE64, bytesToVector, chunks, valuesList, vectorToBytes } from './codec.js';
import { storeCall, type SqlExecutor } from './executor.js';
import { checkVector, checkVectorRecords, texts, vectorQuery } from '../checks.js';

/**
 * Vectors in `sona_vectors` (float32 bytea), searched exactly in JavaScript. Works on any
 * PostgreSQL without extensions; every query reads the candidate vectors, so it suits catalogues
 * up to tens of thousands of items (an indexed pgvector store is the scalable alternative).
 */
export class PostgresVectorStore implements VectorStore {
  readonly dimension: number;

  constructor(
    private readonly db: SqlExecutor,
    options: { dimension: number },
  ) {
    if (!Number.isInteger(options?.dimension) || options.dimension < 1) throw new ConfigurationError('dimension', 'must be a positive integer');
    this.dimension = options.dimension;
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    checkVectorRecords(records, this.dimension);
    await storeCall('vectors upsert', () =>
      this.db.transaction(async (tx) => {
        for (const batch of chunks(records, 500)) {
          await tx.query(
            `INSERT INTO sona_vectors (id, dimension, vector, fingerprint) VALUES ${valuesList(batch.length, ['', '::int', '::bytea', ''])}
             ON CONFLICT (id) DO UPDATE SET dimension = excluded.dimension, vector = excluded.vector, fingerprint = excluded.fingerprint`,
            batch.flatMap((r) => [r.id, this.dimension, vectorToBytes(r.vector), r.fingerprint ?? '']),
          );
        }
      }),
    );
  }

  async get(ids: readonly string[]): Promise<Map<string, Float32Array>> {
    texts(ids, 'ids');
    return storeCall('vectors get', async () => {
      const out = new Map<string, Float32Array>();
      if (ids.length === 0) return out;
      const rows = await this.db.query(`SELECT id, ${BASE64('vector')} FROM sona_vectors WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`, [
        JSON.stringify(ids),
      ]);
      for (const r of rows) out.set(r.id as string, bytesToVector(r.vector));
      return out;
    });
  }

  async fingerprints(ids: readonly string[]): Promise<Map<string, string>> {
    texts(ids, 'ids');
    return storeCall('vectors fingerprints', async () => {
      if (ids.length === 0) return new Map();
      const rows = await this.db.query('SELECT id, fingerprint FROM sona_vectors WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))', [
        JSON.stringify(ids),
      ]);
      return new Map(rows.map((r) => [r.id as string, r.fingerprint as string]));
    });
  }

  async delete(ids: readonly string[]): Promise<number> {
    texts(ids, 'ids');
    return storeCall('vectors delete', async () => {
      if (ids.length === 0) return 0;
      return (
        await this.db.query('DELETE FROM sona_vectors WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) RETURNING id', [JSON.stringify(ids)])
      ).length;
    });
  }

  async query(vector: Float32Array, options: VectorQuery): Promise<VectorMatch[]> {
    vectorQuery(options, 'options');
    checkVector(vector, this.dimension, 'vector');
    const k = Math.max(0, Math.floor(options.k));
    if (k === 0) return [];
    const rows = await storeCall('vectors query', () =>
      options.ids
        ? this.db.query(`SELECT id, ${BASE64('vector')} FROM sona_vectors WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`, [
            JSON.stringify(options.ids),
          ])
        : this.db.query(`SELECT id, ${BASE64('vector')} FROM sona_vectors`),
    );
    const excluded = new Set(options.excludeIds ?? []);
    const top = new TopK<string>(k);
    for (const r of rows) {
      const id = r.id as string;
      if (!excluded.has(id)) top.push(cosine(vector, bytesToVector(r.vector)), id);
    }
    return top.sorted().map(({ score, value }) => ({ id: value, score }));
  }

  count(): Promise<number> {
    return storeCall('vectors count', async () => Number((await this.db.query('SELECT count(*)::int AS n FROM sona_vectors'))[0]!.n));
  }
}
