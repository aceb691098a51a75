import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, nodePostgresExecutor, postgresJsExecutor, type SqlExecutor } from '../../src/stores/postgres/index.js';
import { postgresConformance } from './postgres-suites.js';

const url = process.env.SONA_TEST_DATABASE_URL;
if (!url) {
  // Said out loud, never silently: `.ci/run` sets this up with Debian's PostgreSQL 15.
  console.warn('postgres-server tests skipped: SONA_TEST_DATABASE_URL is not set (bash .ci/run starts a local PostgreSQL 15 and sets it)');
}

describe.skipIf(!url)('real PostgreSQL server', () => {
  let sql: postgres.Sql;
  let db: SqlExecutor;
  beforeAll(async () => {
    sql = postgres(url!, { max: 4, onnotice: () => {} });
    db = postgresJsExecutor(sql);
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
  });

  it('reports a server version', async () => {
    const [row] = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    expect(row!.v).toMatch(/^\d+/);
  });

  postgresConformance('PostgreSQL server', () => db);
});

// The same suites through node-postgres, the driver that survives killed connections, in a
// schema of their own so they cannot meet the postgres.js run's rows.
describe.skipIf(!url)('real PostgreSQL server through node-postgres', () => {
  const schema = `sona_pg_${process.pid}`;
  let pool: pg.Pool;
  let db: SqlExecutor;
  let admin: postgres.Sql;
  beforeAll(async () => {
    admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
    db = nodePostgresExecutor(pool);
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await admin?.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it('reads back what it writes, bytea and jsonb included', async () => {
    const [row] = await db.query<{ b: Buffer; j: { a: number[] } }>('SELECT $1::bytea AS b, $2::text::jsonb AS j', [
      Uint8Array.from([1, 2, 255]),
      '{"a":[1,2]}',
    ]);
    expect([...row!.b]).toEqual([1, 2, 255]);
    expect(row!.j).toEqual({ a: [1, 2] });
  });

  postgresConformance('PostgreSQL server (node-postgres)', () => db);
});
