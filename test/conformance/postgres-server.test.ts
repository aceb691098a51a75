import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, postgresJsExecutor, type SqlExecutor } from '../../src/stores/postgres/index.js';
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
