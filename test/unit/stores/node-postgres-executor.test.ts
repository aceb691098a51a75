import { EventEmitter } from 'node:events';
import type { Pool } from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../../src/core/errors.js';
import { nodePostgresExecutor } from '../../../src/stores/postgres/node-postgres.js';

/** A pool whose `connect` hands out a client only after `delayMs`. */
function slowPool(delayMs: number) {
  const client = Object.assign(new EventEmitter(), {
    query: vi.fn(async (_query: unknown) => ({ rows: [] })),
    release: vi.fn(),
  });
  const pool = Object.assign(new EventEmitter(), {
    connect: () => new Promise((resolve) => setTimeout(() => resolve(client), delayMs)),
    query: vi.fn(async () => ({ rows: [] })),
  });
  return { pool: pool as unknown as Pool, client };
}

describe('nodePostgresExecutor', () => {
  it('hands back, destroyed, a connection that arrives after the transaction timed out waiting for it', async () => {
    const { pool, client } = slowPool(60);
    const executor = nodePostgresExecutor(pool, { timeoutMs: 20, onError: () => undefined });
    const work = vi.fn(async () => 'done');
    await expect(executor.transaction(work)).rejects.toBeInstanceOf(StoreError);
    expect(work).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 80));
    // Kept checked out, it would hold a pool slot with no 'error' listener: a connection the
    // server killed later would crash the host.
    expect(client.release).toHaveBeenCalledWith(true);
    expect(client.query).not.toHaveBeenCalled();
  });

  it('runs the transaction on a connection that arrives in time, and releases it for reuse', async () => {
    const { pool, client } = slowPool(1);
    const executor = nodePostgresExecutor(pool, { timeoutMs: 1000, onError: () => undefined });
    await expect(executor.transaction(async (tx) => tx.query('SELECT 1'))).resolves.toEqual([]);
    expect(client.query.mock.calls.map(([q]) => (typeof q === 'string' ? q : (q as { text: string }).text))).toEqual(['BEGIN', 'SELECT 1', 'COMMIT']);
    expect(client.release).toHaveBeenCalledWith(false);
    expect(client.listenerCount('error')).toBe(0);
  });

  it('keeps an error listener on every client for life: an error nobody else hears is reported, not thrown', () => {
    const { pool, client } = slowPool(1);
    const heard: unknown[] = [];
    nodePostgresExecutor(pool, { onError: (error) => heard.push(error) });
    nodePostgresExecutor(pool, { onError: (error) => heard.push(error) });
    pool.emit('connect', client);
    // Between the pool's own listeners (idle, one query) and ours (a transaction), a kill used
    // to find a client with none, and the process ended on an unhandled 'error' event.
    const killed = new Error('terminating connection due to administrator command');
    expect(() => client.emit('error', killed)).not.toThrow();
    expect(heard).toEqual([killed]);
    // While another listener holds the client, that one reports it: nothing is heard twice.
    const other = vi.fn();
    client.on('error', other);
    client.emit('error', killed);
    expect(other).toHaveBeenCalledTimes(1);
    expect(heard).toHaveLength(1);
  });
});
