import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { createPostgresStores, migrate, nodePostgresChangeFeed, nodePostgresExecutor } from '../../src/stores/postgres/index.js';
import { CATALOG } from '../fixtures/catalog.js';
import { evenSplit } from '../fixtures/experiments.js';

const url = process.env.SONA_TEST_DATABASE_URL;
const T0 = Date.UTC(2025, 0, 1);

describe.skipIf(!url)('two engine processes on one PostgreSQL database', () => {
  const schema = `sona_two_${process.pid}`;
  const admin = url ? new pg.Pool({ connectionString: url, max: 1 }) : undefined;
  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it('what one instance does reaches the other within 2 s: trending, a new and a paused experiment, a published snapshot', async () => {
    await admin!.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
    const db = nodePostgresExecutor(pool);
    await migrate(db);
    const a = await createEngine({
      stores: createPostgresStores(db, { dimension: 512, changes: nodePostgresChangeFeed(pool) }),
      clock: () => T0,
      cache: { enabled: false },
    });
    await a.upsertContent(CATALOG);

    const root = resolve(import.meta.dirname, '../..');
    const child: ChildProcessWithoutNullStreams = spawn(resolve(root, 'node_modules/.bin/tsx'), ['test/integration/fixtures/instance-b.ts'], {
      cwd: root,
      env: { ...process.env, SONA_INSTANCE_SCHEMA: schema, SONA_CLOCK: String(T0) },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
    expect(await next(), stderr).toEqual({ ready: true });
    const ask = async (user: string) => {
      child.stdin.write(`${JSON.stringify({ op: 'recommend', user })}\n`);
      return next();
    };
    const within = async (check: (answer: Record<string, unknown>) => boolean, user: string) => {
      const started = performance.now();
      for (;;) {
        if (check(await ask(user))) return performance.now() - started;
        if (performance.now() - started > 2000) throw new Error(`not within 2 s (${stderr})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    const seen: Record<string, number> = {};
    await a.track(Array.from({ length: 200 }, (_, i) => ({ userId: `v${i}`, contentId: 'koyaanisqatsi', type: 'complete' as const, timestamp: T0 - i })));
    seen.trending = await within((r) => r.first === 'koyaanisqatsi', 'newcomer');
    const e = await a.experiments.create(evenSplit('two'));
    await ask('u1');
    await a.experiments.start(e.id);
    seen.started = await within((r) => r.experiments === 1, 'u1');
    await a.experiments.pause(e.id);
    seen.paused = await within((r) => r.experiments === 0, 'u1');
    await a.track([0, 1, 2, 3].map((i) => ({ userId: `w${i % 2}`, contentId: CATALOG[i]!.id, type: 'complete' as const, timestamp: T0 - 10 - i })));
    await a.fit({ tune: false });
    seen.snapshot = await within((r) => (r.collaborative as number) > 0, 'w0');
    console.log(`seen by the other process after (ms): ${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, Math.round(v)])))}`);
    for (const ms of Object.values(seen)) expect(ms).toBeLessThan(2000);

    child.stdin.write(`${JSON.stringify({ op: 'stop' })}\n`);
    await new Promise((done) => child.on('exit', done));
    await a.close();
    await pool.end();
  }, 120_000);
});
