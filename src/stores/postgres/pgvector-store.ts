import { ConfigurationError } from '../../core/errors.js';
import { isZeroVector } from '../../core/vector.js';
import type { VectorMatch, VectorQuery, VectorRecord, VectorStore } from '../types.js';
import { chunks, valuesList } from './codec.js';
import { storeCall, type SqlExecutor } from './executor.js';
import { checkVector, checkVectorRecords, texts, vectorQuery } from '../checks.js';

/** Options of {@link PgVectorStore}. */
export interface PgVectorStoreOptions {
  /** Length of every vector; the column is `vector(dimension)`. */
  dimension: number;
  /** Table name (letters, digits, underscores); default `sona_pgvector_<dimension>`. */
  table?: string;
  /** HNSW graph degree (pgvector's `m`, default 16). */
  m?: number;
  /** HNSW build beam width (pgvector's `ef_construction`, default 64). */
  efConstruction?: number;
  /** HNSW search beam width; raised to `k` when a query asks for more (default 40). */
  efSearch?: number;
  /**
   * Rows below which no index is kept and queries scan exactly (default 1000). It is also the
   * batch size from which an upsert drops the index and lets the next query rebuild it, since
   * building an HNSW index once is many times faster than inserting rows into it one by one.
   */
  indexThreshold?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Text form pgvector parses; float32 values survive the round trip exactly. */
function literal(v: Float32Array): string {
  return `[${Array.from(v).join(',')}]`;
}

/** pgvector's cosine distance is NaN when either side is all zeros; such a pair scores 0. */
function similarity(distance: unknown): number {
  const d = Number(distance);
  if (Number.isNaN(d)) return 0;
  const s = 1 - d;
  return s > 1 ? 1 : s < -1 ? -1 : s;
}

/**
 * Vectors in a pgvector `vector(dimension)` column with an HNSW cosine index: approximate top-k
 * in a few milliseconds at 100k rows. Works on PGlite with `@electric-sql/pglite-pgvector` and on
 * any PostgreSQL server with the `vector` extension (0.8 or newer, for iterative index scans).
 * The table is created on first use, not by the numbered migrations, so servers without pgvector
 * can still run every migration and use {@link PostgresVectorStore} instead. The index is built
 * by the first query once the table holds `indexThreshold` rows (or by {@link buildIndex}).
 *
 * Queries restricted to `ids` are exact; open queries walk the index, continuing past excluded
 * ids (`hnsw.iterative_scan`) so `k` results come back whenever `k` rows qualify. A stored
 * all-zero vector has no direction: exact queries score it 0 and the index never returns it.
 */
export class PgVectorStore implements VectorStore {
  readonly dimension: number;
  private readonly table: string;
  private readonly efSearch: number;
  private readonly m: number;
  private readonly efConstruction: number;
  private readonly indexThreshold: number;
  private ready: Promise<void> | undefined;
  /** What this instance last learned about the index; 'unknown' makes the next query look. */
  private indexState: 'unknown' | 'absent' | 'present' = 'unknown';
  private indexing: Promise<boolean> | undefined;

  constructor(
    private readonly db: SqlExecutor,
    options: PgVectorStoreOptions,
  ) {
    if (!Number.isInteger(options?.dimension) || options.dimension < 1 || options.dimension > 2000) {
      throw new ConfigurationError('dimension', 'must be an integer from 1 to 2000 (the HNSW limit of pgvector)');
    }
    this.dimension = options.dimension;
    this.table = options.table ?? `sona_pgvector_${options.dimension}`;
    if (!IDENTIFIER.test(this.table)) throw new ConfigurationError('table', 'must be a lower-case SQL identifier');
    this.m = positiveInt(options.m ?? 16, 'm');
    this.efConstruction = positiveInt(options.efConstruction ?? 64, 'efConstruction');
    this.efSearch = positiveInt(options.efSearch ?? 40, 'efSearch');
    this.indexThreshold = positiveInt(options.indexThreshold ?? 1000, 'indexThreshold');
  }

  /** Creates the extension and table if missing; runs once per store. */
  ensureSchema(): Promise<void> {
    this.ready ??= storeCall('pgvector schema', () =>
      this.db.transaction(async (tx) => {
        // Serialises concurrent first uses (CREATE ... IF NOT EXISTS races on the catalog).
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.table]);
        await tx.execute(`CREATE EXTENSION IF NOT EXISTS vector;
          CREATE TABLE IF NOT EXISTS ${this.table} (
            id text COLLATE "C" PRIMARY KEY, embedding vector(${this.dimension}) NOT NULL, fingerprint text NOT NULL DEFAULT '');`);
        // Inline storage: pgvector's default moves vectors over ~2 KB out of line, and every
        // scored row would then cost an extra TOAST lookup. Larger vectors might not fit a page.
        if (this.dimension <= 1024) await tx.execute(`ALTER TABLE ${this.table} ALTER COLUMN embedding SET STORAGE PLAIN`);
      }),
    ).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * Builds the HNSW index now if the table has at least `indexThreshold` rows (queries otherwise
   * build it on first use); returns whether an index exists afterwards.
   */
  buildIndex(): Promise<boolean> {
    this.indexing ??= (async () => {
      await this.ensureSchema();
      const present = await storeCall('pgvector index', () =>
        this.db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.table]);
          const rows = Number((await tx.query(`SELECT count(*)::int AS n FROM ${this.table}`))[0]!.n);
          if (rows < this.indexThreshold) return (await tx.query('SELECT 1 FROM pg_indexes WHERE indexname = $1', [`${this.table}_hnsw`])).length > 0;
          await tx.execute(`CREATE INDEX IF NOT EXISTS ${this.table}_hnsw ON ${this.table} USING hnsw (embedding vector_cosine_ops)
            WITH (m = ${this.m}, ef_construction = ${this.efConstruction})`);
          return true;
        }),
      );
      this.indexState = present ? 'present' : 'absent';
      return present;
    })().finally(() => {
      this.indexing = undefined;
    });
    return this.indexing;
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    checkVectorRecords(records, this.dimension);
    if (records.length === 0) return;
    await this.ensureSchema();
    const bulk = records.length >= this.indexThreshold;
    await storeCall('pgvector upsert', () =>
      this.db.transaction(async (tx) => {
        if (bulk) await tx.execute(`DROP INDEX IF EXISTS ${this.table}_hnsw`);
        for (const batch of chunks(records, 500)) {
          await tx.query(
            `INSERT INTO ${this.table} (id, embedding, fingerprint) VALUES ${valuesList(batch.length, ['', '::vector', ''])}
             ON CONFLICT (id) DO UPDATE SET embedding = excluded.embedding, fingerprint = excluded.fingerprint`,
            batch.flatMap((r) => [r.id, literal(r.vector), r.fingerprint ?? '']),
          );
        }
      }),
    );
    // After a bulk load (index dropped) or growth past the threshold, the next query decides.
    if (bulk || this.indexState === 'absent') this.indexState = 'unknown';
  }

  async get(ids: readonly string[]): Promise<Map<string, Float32Array>> {
    texts(ids, 'ids');
    const out = new Map<string, Float32Array>();
    if (ids.length === 0) return out;
    await this.ensureSchema();
    const rows = await storeCall('pgvector get', () =>
      this.db.query(`SELECT id, embedding::text AS v FROM ${this.table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`, [
        JSON.stringify(ids),
      ]),
    );
    for (const r of rows) out.set(r.id as string, Float32Array.from(JSON.parse(r.v as string) as number[]));
    return out;
  }

  async fingerprints(ids: readonly string[]): Promise<Map<string, string>> {
    texts(ids, 'ids');
    if (ids.length === 0) return new Map();
    await this.ensureSchema();
    const rows = await storeCall('pgvector fingerprints', () =>
      this.db.query(`SELECT id, fingerprint FROM ${this.table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`, [JSON.stringify(ids)]),
    );
    return new Map(rows.map((r) => [r.id as string, r.fingerprint as string]));
  }

  async delete(ids: readonly string[]): Promise<number> {
    texts(ids, 'ids');
    if (ids.length === 0) return 0;
    await this.ensureSchema();
    return storeCall(
      'pgvector delete',
      async () =>
        (await this.db.query(`DELETE FROM ${this.table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) RETURNING id`, [JSON.stringify(ids)]))
          .length,
    );
  }

  async query(vector: Float32Array, options: VectorQuery): Promise<VectorMatch[]> {
    vectorQuery(options, 'options');
    checkVector(vector, this.dimension, 'vector');
    const k = Math.max(0, Math.floor(options.k));
    if (k === 0) return [];
    await this.ensureSchema();
    const excluded = JSON.stringify(options.excludeIds ?? []);
    const notExcluded = (param: number) => `id NOT IN (SELECT jsonb_array_elements_text($${param}::text::jsonb))`;
    if (isZeroVector(vector)) {
      // No direction: every row scores 0, so any k rows are a correct answer.
      const rows = await storeCall('pgvector query', () =>
        options.ids
          ? this.db.query(
              `SELECT id FROM ${this.table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) AND ${notExcluded(2)} ORDER BY id LIMIT $3::int`,
              [JSON.stringify(options.ids), excluded, k],
            )
          : this.db.query(`SELECT id FROM ${this.table} WHERE ${notExcluded(1)} ORDER BY id LIMIT $2::int`, [excluded, k]),
      );
      return rows.map((r) => ({ id: r.id as string, score: 0 }));
    }
    const q = literal(vector);
    if (options.ids) {
      const rows = await storeCall('pgvector query', () =>
        this.db.query(
          `SELECT id, embedding <=> $1::vector AS d FROM ${this.table}
           WHERE id IN (SELECT jsonb_array_elements_text($3::text::jsonb)) AND ${notExcluded(2)}`,
          [q, excluded, JSON.stringify(options.ids)],
        ),
      );
      return rows
        .map((r) => ({ id: r.id as string, score: similarity(r.d) }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, k);
    }
    const indexed = this.indexState === 'unknown' ? await this.buildIndex() : this.indexState === 'present';
    const rows = await storeCall('pgvector query', () =>
      this.db.transaction(async (tx) => {
        // The planner prefers a sequential scan once LIMIT is large; the index is what we want.
        if (indexed)
          await tx.query(
            "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'strict_order', true), set_config('enable_seqscan', 'off', true)",
            [String(Math.max(this.efSearch, k))],
          );
        return tx.query(
          `SELECT id, embedding <=> $1::vector AS d FROM ${this.table} WHERE ${notExcluded(2)}
           ORDER BY embedding <=> $1::vector LIMIT $3::int`,
          [q, excluded, k],
        );
      }),
    );
    return rows.map((r) => ({ id: r.id as string, score: similarity(r.d) }));
  }

  async count(): Promise<number> {
    await this.ensureSchema();
    return storeCall('pgvector count', async () => Number((await this.db.query(`SELECT count(*)::int AS n FROM ${this.table}`))[0]!.n));
  }
}

function positiveInt(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(option, 'must be a positive integer');
  return value;
}
