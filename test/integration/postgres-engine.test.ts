import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, StoreError, type ViewingEvent } from '../../src/index.js';
import { createPgliteStores } from '../../src/stores/pglite/index.js';
import { createPostgresStores, migrate, postgresJsExecutor, PostgresEventRepository, type SqlExecutor } from '../../src/stores/postgres/index.js';
import { CATALOG } from '../fixtures/catalog.js';
import { truncateAll } from '../conformance/postgres-suites.js';

const T0 = Date.UTC(2024, 4, 1);

describe('engine on PGlite', () => {
  it('recommends, and keeps everything across a restart with a data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sona-pglite-'));
    try {
      let pg = await createPgliteStores({ dataDir: dir, dimension: 512 });
      let engine = await createEngine({ stores: pg.stores, clock: () => T0 });
      await engine.upsertContent(CATALOG);
      await engine.track([
        { userId: 'u1', contentId: 'heat', type: 'complete', timestamp: T0 - 1000 },
        { userId: 'u1', contentId: 'casino', type: 'rate', rating: 5, timestamp: T0 - 500 },
        { userId: 'u2', contentId: 'nemo', type: 'complete', timestamp: T0 - 100 },
      ]);
      await engine.fit();
      const before = await engine.recommend('u1', { count: 3 });
      expect(before.map((r) => r.itemId)).not.toContain('heat');
      await engine.close();
      await pg.close();

      pg = await createPgliteStores({ dataDir: dir, dimension: 512 });
      expect(pg.migration.applied).toEqual([]);
      engine = await createEngine({ stores: pg.stores, clock: () => T0 });
      expect((await engine.getProfile('u1')).interactionCount).toBe(2);
      expect((await engine.recommend('u1', { count: 3 })).map((r) => r.itemId)).toEqual(before.map((r) => r.itemId));
      expect((await pg.stores.models.list('models')).length).toBe(1);
      await engine.close();
      await pg.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs an experiment end to end on PostgresExperimentRepository', async () => {
    const pg = await createPgliteStores({ dimension: 512 });
    try {
      const engine = await createEngine({ stores: pg.stores, clock: () => T0, experiments: { refreshMs: 0 } });
      await engine.upsertContent(CATALOG);
      const e = await engine.experiments.create({
        name: 'count-test',
        variants: [
          { name: 'control', weight: 0.5 },
          { name: 'short', weight: 0.5, config: { count: 2 } },
        ],
      });
      await engine.experiments.start(e.id);
      const variants = new Map<string, string>();
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const r = await engine.recommendDetailed(`user-${i}`);
          variants.set(`user-${i}`, r.experiments![0]!.variant);
          if (r.experiments![0]!.variant === 'short') expect(r.items).toHaveLength(2);
        }),
      );
      await engine.track(Array.from({ length: 30 }, (_, i) => ({ userId: `user-${i}`, contentId: 'heat', type: 'play' as const, timestamp: T0 })));
      const results = await engine.experiments.results('count-test');
      expect(results.metric).toBe('play');
      expect(results.variants.reduce((s, v) => s + v.exposedUsers, 0)).toBe(30);
      expect(results.variants.map((v) => v.conversion.rate)).toEqual([1, 1]);
      for (const v of results.variants) expect(v.users).toBe([...variants.values()].filter((n) => n === v.name).length);
      await engine.close();
    } finally {
      await pg.close();
    }
  }, 60_000);
});

const url = process.env.SONA_TEST_DATABASE_URL;

describe.skipIf(!url)('engine on a real PostgreSQL server: reliability', () => {
  let sql: postgres.Sql;
  let db: SqlExecutor;
  beforeAll(async () => {
    sql = postgres(url!, { max: 10, onnotice: () => {} });
    db = postgresJsExecutor(sql);
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
  });

  it('1,000 concurrent tracks for 50 users plus concurrent recommends lose nothing and double nothing', async () => {
    await truncateAll(db);
    const engine = await createEngine({ stores: createPostgresStores(db, { dimension: 512 }), clock: () => T0 });
    await engine.upsertContent(CATALOG);
    const events: ViewingEvent[] = Array.from({ length: 1000 }, (_, k) => ({
      id: `evt-${k}`,
      userId: `user-${k % 50}`,
      contentId: CATALOG[k % CATALOG.length]!.id,
      type: 'view',
      completion: ((k % 7) + 3) / 10,
      timestamp: T0 - k * 1000,
    }));
    const recommending = Array.from({ length: 50 }, (_, u) => engine.recommend(`user-${u}`, { count: 5 }));
    const results = await Promise.all([...events.map((e) => engine.track(e)), ...recommending]);
    expect(results.slice(0, 1000).every((r) => 'stored' in r && r.stored === 1)).toBe(true);
    // A retry storm of the same events stores nothing new.
    const retried = await Promise.all(events.slice(0, 200).map((e) => engine.track(e)));
    expect(retried.every((r) => r.stored === 0 && r.duplicates === 1)).toBe(true);
    expect(await engine.stores.events.count()).toBe(1000);
    for (let u = 0; u < 50; u++) {
      expect((await engine.getProfile(`user-${u}`)).interactionCount).toBe(20);
      expect(await engine.stores.events.countByUser(`user-${u}`)).toBe(20);
    }
    await engine.close();
  }, 120_000);

  it('a connection killed mid-transaction leaves no partial rows, and the store recovers', async () => {
    await truncateAll(db);
    // The victim runs in its own process: postgres.js 3.4.9 crashes (uncatchably) when the server
    // kills a connection inside sql.begin (porsager/postgres#1155); the data guarantee is ours.
    const root = resolve(import.meta.dirname, '../..');
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['test/integration/fixtures/kill-victim.ts'], { cwd: root, env: process.env });
    let output = '';
    const pid = await new Promise<number>((resolvePid, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /PID (\d+)/.exec(output);
        if (m) resolvePid(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`victim exited early: ${output}`)));
    });
    const events = new PostgresEventRepository(db);
    expect(await events.count()).toBe(0); // uncommitted rows are invisible while the transaction is open
    await sql.unsafe('SELECT pg_terminate_backend($1)', [pid]);
    await new Promise((done) => child.on('exit', done));
    expect(output).not.toContain('COMMITTED');
    expect(await events.count()).toBe(0);
    // The store recovers: the next call succeeds, and the very same events can be stored.
    const batch = Array.from({ length: 20 }, (_, k) => ({
      id: `kill-${k}`,
      userId: 'u',
      contentId: 'heat',
      type: 'view' as const,
      rewatch: false,
      timestamp: T0 + k,
    }));
    expect(await events.append(batch)).toHaveLength(20);
    expect(await events.count()).toBe(20);
  }, 60_000);

  it('reports driver failures as StoreError without the parameters', async () => {
    const { PostgresContentRepository } = await import('../../src/stores/postgres/index.js');
    // Bypassing the engine's validation: the table's CHECK constraint refuses the row.
    const err = await new PostgresContentRepository(db).upsert([{ id: 'secret-item', title: 'secret-title', popularity: 7 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(String((err as Error).message)).not.toContain('secret');
    expect(await new PostgresContentRepository(db).get('secret-item')).toBeUndefined();
  });
});
