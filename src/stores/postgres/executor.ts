/**
 * The one seam between the Postgres stores and a driver: parameterised queries, multi-statement
 * scripts (migrations) and transactions. Two drivers implement it, postgres.js and PGlite's own
 * API, so every store's SQL is written once. Parameters are limited to portable values (string,
 * number, boolean, null, Uint8Array for bytea); JSON travels as text and is cast in SQL.
 */

/** A row as a driver returns it. */
export type Row = Record<string, unknown>;

/** A parameter value both drivers send the same way. */
export type SqlParam = string | number | boolean | null | Uint8Array;

export interface SqlExecutor {
  /** Runs one parameterised statement ($1, $2, …) and returns its rows. */
  query<T extends Row = Row>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execute(script: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R>;
}

export { storeCall } from '../store-call.js';
