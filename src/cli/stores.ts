/**
 * Opens the stores a CLI command works on: a PostgreSQL server (`--database-url`, migrated
 * first) or a PGlite folder (`--data-dir`), and the embedder (`--model` for a local ONNX model,
 * else the hashing embedder). The database drivers and onnxruntime are optional peers, loaded
 * only when asked for.
 */
import { ConfigurationError, ValidationError } from '../core/errors.js';
import { importPeer } from '../core/peer.js';
import { createPostgresStores, migrate, nodePostgresExecutor, postgresJsExecutor } from '../stores/postgres/index.js';
import { HashingEmbedder } from '../embeddings/hashing-embedder.js';
import type { Embedder } from '../embeddings/types.js';
import type { SqlExecutor } from '../stores/postgres/executor.js';
import type { StoreSet } from '../stores/types.js';

/** Where the data lives and which model embeds it. */
export interface StoreOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  model?: string | undefined;
  /** Runs on a server before the migrations (e.g. dropping tables for a reset). */
  beforeMigrate?: ((db: SqlExecutor) => Promise<void>) | undefined;
}

/** Stores and embedder for a command, with a `close()` for the database. */
export interface OpenedStores {
  stores: StoreSet;
  embedder: Embedder;
  /** Where the data is, for messages (the URL without its password). */
  where: string;
  close(): Promise<void>;
}

export async function openStores(options: StoreOptions): Promise<OpenedStores> {
  if (!options.databaseUrl && !options.dataDir) throw new ValidationError('--database-url', 'give --database-url (or DATABASE_URL) or --data-dir');
  let embedder: Embedder;
  if (options.model) {
    const { OnnxEmbedder } = await import('../embeddings/onnx-embedder.js');
    embedder = await OnnxEmbedder.load({ modelPath: options.model });
  } else {
    embedder = new HashingEmbedder({ dimension: 512 });
  }
  const dimension = embedder.dimension;
  if (options.databaseUrl) {
    const { db, close } = await openServer(options.databaseUrl);
    try {
      await options.beforeMigrate?.(db);
      await migrate(db);
      return { stores: createPostgresStores(db, { dimension }), embedder, where: redact(options.databaseUrl), close };
    } catch (error) {
      await close();
      throw error;
    }
  }
  const { createPgliteStores } = await import('../stores/pglite/index.js');
  const pglite = await createPgliteStores({ dimension, dataDir: options.dataDir! });
  return { stores: pglite.stores, embedder, where: options.dataDir!, close: () => pglite.close() };
}

/**
 * A server connection: node-postgres when installed (it survives killed connections), else
 * postgres.js; a ConfigurationError naming both when neither is.
 */
export async function openServer(url: string): Promise<{ db: SqlExecutor; close: () => Promise<void> }> {
  try {
    const { default: pg } = await importPeer('pg', 'PostgreSQL', () => import('pg'));
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    return { db: nodePostgresExecutor(pool, { onError: () => {} }), close: () => pool.end() };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
  }
  const { default: postgres } = await importPeer('postgres', 'PostgreSQL (install pg or postgres)', () => import('postgres'));
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return { db: postgresJsExecutor(sql), close: () => sql.end({ timeout: 5 }) };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
