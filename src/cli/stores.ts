/**
 * Opens the stores a CLI command works on: a PostgreSQL server (`--database-url`, migrated
 * first) or a PGlite folder (`--data-dir`), and the embedder (`--model` for a local ONNX model,
 * else the hashing embedder). The database drivers and onnxruntime are optional peers, loaded
 * only when asked for.
 */
import { ValidationError } from '../core/errors.js';
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
    const { default: postgres } = await import('postgres');
    const { createPostgresStores, migrate, postgresJsExecutor } = await import('../stores/postgres/index.js');
    const sql = postgres(options.databaseUrl, { max: 4, onnotice: () => {} });
    try {
      const db = postgresJsExecutor(sql);
      await options.beforeMigrate?.(db);
      await migrate(db);
      return { stores: createPostgresStores(db, { dimension }), embedder, where: redact(options.databaseUrl), close: () => sql.end({ timeout: 5 }) };
    } catch (error) {
      await sql.end({ timeout: 5 });
      throw error;
    }
  }
  const { createPgliteStores } = await import('../stores/pglite/index.js');
  const pglite = await createPgliteStores({ dimension, dataDir: options.dataDir! });
  return { stores: pglite.stores, embedder, where: options.dataDir!, close: () => pglite.close() };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
