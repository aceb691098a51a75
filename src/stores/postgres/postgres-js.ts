import type { Sql, TransactionSql } from 'postgres';
import type { Row, SqlExecutor, SqlParam } from './executor.js';

/**
 * A {@link SqlExecutor} over a postgres.js client. Queries go through `sql.unsafe` with
 * parameters (never interpolated); transactions use `sql.begin`.
 */
export function postgresJsExecutor(sql: Sql | TransactionSql): SqlExecutor {
  return {
    async query<T extends Row = Row>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const rows = await sql.unsafe(text, params.map(toDriver) as never[]);
      return rows as unknown as T[];
    },
    async execute(script: string): Promise<void> {
      await sql.unsafe(script);
    },
    async transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R> {
      if ('savepoint' in sql && !('begin' in sql)) {
        // Already inside a transaction: nest as a savepoint so an inner failure can be contained.
        return (sql as TransactionSql).savepoint((tx) => work(postgresJsExecutor(tx))) as Promise<R>;
      }
      return (sql as Sql).begin((tx) => work(postgresJsExecutor(tx))) as Promise<R>;
    },
  };
}

function toDriver(p: SqlParam): unknown {
  // postgres.js recognises Buffers as bytea.
  return p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p;
}
