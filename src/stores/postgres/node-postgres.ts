import type { Pool, PoolClient } from 'pg';
import { StoreError } from '../../core/errors.js';
import type { Row, SqlExecutor, SqlParam } from './executor.js';

/** Options of {@link nodePostgresExecutor}. */
export interface NodePostgresOptions {
  /**
   * Longest a statement or a transaction may take before it is abandoned with a StoreError
   * (the connection it held is destroyed, not reused). @default 30000
   */
  timeoutMs?: number;
  /** Receives connection failures that happen outside any call (an idle connection killed). */
  onError?: (error: unknown) => void;
}

/** Pools that already have our error listener, so wrapping a pool twice adds none. */
const guarded = new WeakSet<Pool>();

/**
 * A {@link SqlExecutor} over a node-postgres (`pg`) pool, the recommended server driver: when
 * the server kills a connection (a restart, `pg_terminate_backend`, a failover), the calls on
 * it reject with a StoreError, the pool replaces it, and nothing reaches the process as an
 * uncaught exception. postgres.js 3.4.9, the other driver, can crash the process in that case
 * (a write scheduled on a connection already closed), so prefer this one for servers.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
 * const stores = createPostgresStores(nodePostgresExecutor(pool), { dimension: 512 });
 * ```
 */
export function nodePostgresExecutor(pool: Pool, options: NodePostgresOptions = {}): SqlExecutor {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const onError = options.onError ?? ((error: unknown) => process.emitWarning(error instanceof Error ? error : String(error), 'SonaStoreWarning'));
  if (!guarded.has(pool)) {
    // An idle client whose connection dies emits 'error' on the pool: unheard, it would crash the host.
    pool.on('error', onError);
    // The pool and our calls each listen on a client only for a while (idle, checked out, one
    // query); a kill landing between those spells found none once in CI and ended the process.
    // Every client keeps this listener for life, and reports what nobody else heard.
    pool.on('connect', (client) => client.on('error', (error) => lastResort(client, error, onError)));
    guarded.add(pool);
  }
  return {
    query: <T extends Row = Row>(text: string, params: readonly SqlParam[] = []) =>
      withTimeout(timeoutMs, text, async () => (await pool.query({ text, values: params.map(toDriver) })).rows as T[]),
    execute: (script: string) => withTimeout(timeoutMs, script, async () => void (await pool.query(script))),
    async transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R> {
      const client = await checkout(pool, timeoutMs);
      // A checked-out client that loses its connection emits 'error' too.
      const listener = (error: unknown) => onError(error);
      client.on('error', listener);
      // Reused only when the transaction ended cleanly (committed or rolled back); a connection
      // left mid-statement by a failure or a timeout is destroyed.
      let clean = false;
      try {
        return await withTimeout(timeoutMs, 'transaction', async () => {
          await client.query('BEGIN');
          try {
            const result = await work(clientExecutor(client, timeoutMs));
            await client.query('COMMIT');
            clean = true;
            return result;
          } catch (error) {
            clean = await client.query('ROLLBACK').then(
              () => true,
              () => false,
            );
            throw error;
          }
        });
      } finally {
        client.off('error', listener);
        client.release(!clean);
      }
    },
  };
}

/** A client's permanent 'error' listener: reports an error only when no other listener heard it. */
function lastResort(client: PoolClient, error: unknown, onError: (error: unknown) => void): void {
  if (client.listenerCount('error') <= 1) onError(error);
}

/**
 * A client from the pool, within the timeout. One that arrives after the timeout is handed back
 * (and destroyed): left checked out, it would hold a pool slot for good, with no 'error'
 * listener, so a connection the server kills later would crash the host.
 */
async function checkout(pool: Pool, timeoutMs: number): Promise<PoolClient> {
  const pending = pool.connect();
  try {
    return await withTimeout(timeoutMs, 'connect', () => pending);
  } catch (error) {
    pending.then(
      (late) => late.release(true),
      () => undefined,
    );
    throw error;
  }
}

/** Statements inside a transaction run on its client; nested transactions are savepoints. */
function clientExecutor(client: PoolClient, timeoutMs: number): SqlExecutor {
  let savepoints = 0;
  return {
    query: <T extends Row = Row>(text: string, params: readonly SqlParam[] = []) =>
      withTimeout(timeoutMs, text, async () => (await client.query({ text, values: params.map(toDriver) })).rows as T[]),
    execute: (script: string) => withTimeout(timeoutMs, script, async () => void (await client.query(script))),
    async transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R> {
      const name = `sona_sp_${++savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await work(clientExecutor(client, timeoutMs));
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        throw error;
      }
    },
  };
}

/** Rejects with a StoreError when `work` takes longer than `ms`, naming the statement's first words. */
async function withTimeout<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreError(`database call timed out after ${ms} ms: ${what.trim().split(/\s+/).slice(0, 3).join(' ')}`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toDriver(p: SqlParam): unknown {
  // node-postgres sends Buffers as bytea.
  return p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p;
}
