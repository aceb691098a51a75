/**
 * The embedded default database: PGlite (PostgreSQL compiled to WebAssembly, in process) driving
 * the same Postgres store classes, with migrations applied. In memory by default, or persistent
 * in a directory. Install `@electric-sql/pglite` (an optional peer dependency) to use it:
 *
 * ```ts
 * import { createPgliteStores } from '@media-gateway/sona/pglite';
 * const pg = await createPgliteStores({ dataDir: './.sona-data', dimension: 512 });
 * const engine = await createEngine({ stores: pg.stores });
 * // ... later
 * await engine.close();
 * await pg.close();
 * ```
 *
 * @packageDocumentation
 */
import { mkdir } from 'node:fs/promises';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { importPeer } from '../../core/peer.js';
import { ConfigurationError } from '../../core/errors.js';
import { PgVectorStore } from '../postgres/pgvector-store.js';
import { createPostgresStores } from '../postgres/index.js';
import { InProcessChangeFeed } from '../in-process-feed.js';
import { migrate, type MigrateResult } from '../postgres/migrate.js';
import type { SqlExecutor } from '../postgres/executor.js';
import type { StoreSet } from '../types.js';
import { pgliteExecutor } from './executor.js';

export { pgliteExecutor } from './executor.js';
export { PgVectorStore, type PgVectorStoreOptions } from '../postgres/pgvector-store.js';

/** A store set on PGlite, with the database handle and a `close()` the host must call. */
export interface PgliteStores {
  /** Every store, ready for `createEngine({ stores })`. */
  stores: StoreSet;
  db: PGlite;
  executor: SqlExecutor;
  migration: MigrateResult;
  /** Closes the database; a process does not exit while a PGlite database is open. */
  close(): Promise<void>;
}

/** Options of {@link createPgliteStores}. */
export interface PgliteStoresOptions {
  /** Vector length (the embedder's dimension). */
  dimension: number;
  /** Directory to persist in; omitted for an in-memory database. */
  dataDir?: string;
  /**
   * How vectors are searched. `'pgvector'`: an HNSW index ({@link PgVectorStore}; needs
   * `@electric-sql/pglite-pgvector`). `'exact'`: a full scan in JavaScript
   * (`PostgresVectorStore`). `'auto'` (default): pgvector when that package is installed.
   */
  vectorIndex?: 'auto' | 'pgvector' | 'exact';
}

/** Opens (or creates) a PGlite database, migrates it and returns every store on it. */
export async function createPgliteStores(options: PgliteStoresOptions): Promise<PgliteStores> {
  const mode = options.vectorIndex ?? 'auto';
  if (!['auto', 'pgvector', 'exact'].includes(mode)) throw new ConfigurationError('vectorIndex', "must be 'auto', 'pgvector' or 'exact'");
  const vector = mode === 'exact' ? undefined : await loadPgvector(mode === 'pgvector');
  // PGlite creates only the last folder of the path; a fresh checkout has none of them.
  if (options.dataDir !== undefined && !options.dataDir.includes('://')) await mkdir(options.dataDir, { recursive: true });
  const { PGlite } = await importPeer('@electric-sql/pglite', 'PGlite stores', () => import('@electric-sql/pglite'));
  const db = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(vector ? { extensions: { vector } } : {}),
  });
  try {
    const executor = pgliteExecutor(db);
    const migration = await migrate(executor);
    // PGlite lives in one process: engines sharing it hear each other in process.
    const stores = createPostgresStores(executor, { dimension: options.dimension, changes: new InProcessChangeFeed(), singleProcess: true });
    if (vector) {
      const pgvector = new PgVectorStore(executor, { dimension: options.dimension });
      await pgvector.ensureSchema();
      stores.vectors = pgvector;
    }
    return { stores, db, executor, migration, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The pgvector extension bundle, or undefined when the optional package is absent and not required. */
async function loadPgvector(required: boolean): Promise<Extension | undefined> {
  try {
    return (await importPeer('@electric-sql/pglite-pgvector', "vectorIndex: 'pgvector'", () => import('@electric-sql/pglite-pgvector'))).vector;
  } catch (error) {
    if (!required && error instanceof ConfigurationError) return undefined;
    throw error;
  }
}
