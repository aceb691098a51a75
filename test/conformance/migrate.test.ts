import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { pgliteExecutor } from '../../src/stores/pglite/executor.js';
import { loadMigrations, migrate, postgresJsExecutor } from '../../src/stores/postgres/index.js';

describe('migrate', () => {
  it('finds the numbered migration files in order', () => {
    const m = loadMigrations();
    expect(m[0]).toMatchObject({ version: 1, name: 'initial' });
    expect(m.map((x) => x.version)).toEqual([...m.map((x) => x.version)].sort((a, b) => a - b));
  });

  it('applies every file once and is a no-op when up to date (PGlite)', async () => {
    const db = await PGlite.create();
    try {
      const exec = pgliteExecutor(db);
      const first = await migrate(exec);
      expect(first.applied.map((a) => a.version)).toEqual(loadMigrations().map((m) => m.version));
      const second = await migrate(exec);
      expect(second.applied).toEqual([]);
      expect(second.current).toBe(first.current);
      const tables = await exec.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'sona_%'");
      expect(tables[0]!.n).toBeGreaterThanOrEqual(13);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('rolls a failing migration back completely and records nothing', async () => {
    const db = await PGlite.create();
    try {
      const exec = pgliteExecutor(db);
      const broken = [{ version: 1, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_function();' }];
      await expect(migrate(exec, { migrations: broken })).rejects.toThrow(/migrate failed/);
      const [t] = await exec.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'");
      expect(t!.n).toBe(0);
      const [m] = await exec.query<{ n: number }>('SELECT count(*)::int AS n FROM sona_migrations');
      expect(m!.n).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);

  const url = process.env.SONA_TEST_DATABASE_URL;
  it.skipIf(!url)(
    'two processes migrating a fresh schema at once apply each file exactly once (server)',
    async () => {
      const schema = `sona_migrate_${process.pid}_${Date.now()}`;
      const admin = postgres(url!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE SCHEMA ${schema}`);
      const clients = [0, 1].map(() => postgres(url!, { max: 2, onnotice: () => {}, connection: { search_path: schema } }));
      try {
        const results = await Promise.all(clients.map((c) => migrate(postgresJsExecutor(c))));
        const applied = results.flatMap((r) => r.applied.map((a) => a.version)).sort();
        expect(applied).toEqual(loadMigrations().map((m) => m.version));
        const rows = await admin.unsafe(`SELECT count(*)::int AS n FROM ${schema}.sona_migrations`);
        expect(rows[0]!.n).toBe(loadMigrations().length);
      } finally {
        await Promise.all(clients.map((c) => c.end()));
        await admin.unsafe(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    },
    60_000,
  );
});
