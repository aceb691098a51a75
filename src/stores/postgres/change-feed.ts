/**
 * The change feed on PostgreSQL: LISTEN/NOTIFY on one channel. A notification carries at most
 * 8,000 bytes, so a batch of events is split across several; every instance listening on the
 * database hears them within milliseconds. A listener whose connection dropped receives
 * `resync` once it listens again, since notifications sent meanwhile are lost.
 */
import type pg from 'pg';
import type postgres from 'postgres';
import type { Change, ChangeFeed } from '../types.js';

/** What a driver must offer the feed: send a payload, and listen with reconnection. */
export interface NotifyChannel {
  notify(payload: string): Promise<void>;
  /** Calls `onPayload` per notification and `onReconnect` after a lost connection came back. */
  listen(onPayload: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>>;
}

/** Payloads stay under PostgreSQL's 8,000-byte limit with room for the envelope. */
const MAX_PAYLOAD = 7500;
/** The default channel name. */
export const CHANGE_CHANNEL = 'sona_changes';

export class PostgresChangeFeed implements ChangeFeed {
  constructor(private readonly channel: NotifyChannel) {}

  async publish(change: Change, origin: string): Promise<void> {
    for (const part of split(change)) await this.channel.notify(JSON.stringify({ o: origin, c: part }));
  }

  async subscribe(listener: (change: Change, origin: string) => void): Promise<() => Promise<void>> {
    return this.channel.listen(
      (payload) => {
        const message = parse(payload);
        if (message) listener(message.c, message.o);
      },
      () => listener({ kind: 'resync' }, ''),
    );
  }
}

/** A change in parts that each fit one notification (only event batches ever need several). */
function split(change: Change): Change[] {
  if (change.kind !== 'events' || JSON.stringify(change).length <= MAX_PAYLOAD) return [change];
  const parts: Change[] = [];
  let current: typeof change.events = [];
  let size = 64;
  for (const e of change.events) {
    const length = JSON.stringify(e).length + 1;
    if (current.length > 0 && size + length > MAX_PAYLOAD) {
      parts.push({ kind: 'events', events: current });
      current = [];
      size = 64;
    }
    current.push(e);
    size += length;
  }
  if (current.length > 0) parts.push({ kind: 'events', events: current });
  return parts;
}

/** A notification from another process: anything malformed is dropped, never thrown. */
function parse(payload: string): { o: string; c: Change } | undefined {
  try {
    const m = JSON.parse(payload) as { o?: unknown; c?: { kind?: unknown } };
    return typeof m.o === 'string' && typeof m.c?.kind === 'string' ? (m as { o: string; c: Change }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A change feed over a node-postgres pool. Listening holds one connection of the pool (`max`
 * should allow for it) and takes a new one after losing it, retrying every `retryMs`.
 */
export function nodePostgresChangeFeed(pool: pg.Pool, options: { channel?: string; retryMs?: number } = {}): ChangeFeed {
  const name = options.channel ?? CHANGE_CHANNEL;
  const retryMs = options.retryMs ?? 1000;
  return new PostgresChangeFeed({
    notify: async (payload) => void (await pool.query('SELECT pg_notify($1, $2)', [name, payload])),
    async listen(onPayload, onReconnect) {
      let stopped = false;
      let client: pg.PoolClient | undefined;
      let timer: NodeJS.Timeout | undefined;
      const connect = async (again: boolean): Promise<void> => {
        try {
          const c = await pool.connect();
          c.on('notification', (m) => m.channel === name && m.payload !== undefined && onPayload(m.payload));
          c.on('error', () => lost(c));
          await c.query(`LISTEN ${quoted(name)}`);
          if (stopped) return c.release();
          client = c;
          if (again) onReconnect();
        } catch {
          if (!stopped) timer = setTimeout(() => void connect(true), retryMs);
        }
      };
      const lost = (c: pg.PoolClient) => {
        if (client !== c) return;
        client = undefined;
        c.release(true);
        if (!stopped) timer = setTimeout(() => void connect(true), retryMs);
      };
      await connect(false);
      return async () => {
        stopped = true;
        clearTimeout(timer);
        const c = client;
        client = undefined;
        if (c) {
          await c.query(`UNLISTEN ${quoted(name)}`).catch(() => undefined);
          c.release();
        }
      };
    },
  });
}

/** A channel name as an SQL identifier (LISTEN takes no parameters). */
function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A change feed over a postgres.js client (`sql.listen` reconnects by itself). */
export function postgresJsChangeFeed(sql: postgres.Sql, options: { channel?: string } = {}): ChangeFeed {
  const name = options.channel ?? CHANGE_CHANNEL;
  return new PostgresChangeFeed({
    notify: async (payload) => void (await sql.notify(name, payload)),
    async listen(onPayload, onReconnect) {
      let first = true;
      const { unlisten } = await sql.listen(name, onPayload, () => {
        if (!first) onReconnect();
        first = false;
      });
      return unlisten;
    },
  });
}
