import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Row, SqlExecutor, SqlParam } from '../postgres/executor.js';

/** A {@link SqlExecutor} over PGlite's own query API (no socket, no extra session limits). */
export function pgliteExecutor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<T extends Row = Row>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const result = await db.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async execute(script: string): Promise<void> {
      await db.exec(script);
    },
    async transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R> {
      // A PGlite Transaction has no `transaction` method: nested work joins the open one.
      if (!('transaction' in db)) return work(pgliteExecutor(db));
      return (db as PGlite).transaction((tx) => work(pgliteExecutor(tx)));
    },
  };
}
