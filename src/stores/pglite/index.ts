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
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStores } from '../postgres/index.js';
import { migrate, type MigrateResult } from '../postgres/migrate.js';
import type { SqlExecutor } from '../postgres/executor.js';
import type { StoreSet } from '../types.js';
import { pgliteExecutor } from './executor.js';

export { pgliteExecutor } from './executor.js';

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
}

/** Opens (or creates) a PGlite database, migrates it and returns every store on it. */
export async function createPgliteStores(options: PgliteStoresOptions): Promise<PgliteStores> {
  const db = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  const executor = pgliteExecutor(db);
  const migration = await migrate(executor);
  return { stores: createPostgresStores(executor, { dimension: options.dimension }), db, executor, migration, close: () => db.close() };
}
