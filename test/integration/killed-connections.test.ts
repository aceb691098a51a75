import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';

const url = process.env.SONA_TEST_DATABASE_URL;

describe.skipIf(!url)('killed connections on a real PostgreSQL server (node-postgres executor)', () => {
  const schema = `sona_kill_${process.pid}`;
  const admin = url ? postgres(url, { max: 1, onnotice: () => {} }) : undefined;
  afterAll(async () => {
    await admin?.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end({ timeout: 5 });
  });

  it('10 rounds of pg_terminate_backend under load: no crash, no call over the timeout, no acknowledged write lost, no stale profile', async () => {
    await admin!.unsafe(`CREATE SCHEMA ${schema}`);
    const root = resolve(import.meta.dirname, '../..');
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['test/integration/fixtures/kill-rounds.ts'], {
      cwd: root,
      env: { ...process.env, SONA_KILL_SCHEMA: schema },
    });
    let output = '';
    let kills = 0;
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const _ of text.matchAll(/^ROUND \d+$/gm)) {
        kills++;
        setTimeout(() => void admin!`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${schema}`.catch(() => undefined), 25);
      }
    });
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, output).toBe(0);
    expect(kills).toBe(10);
    const summary = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, number>;
    console.log(`killed connections: ${JSON.stringify(summary)}`);
    expect(summary.failures).toBeGreaterThan(0); // the kills did land
    expect(summary.slowest).toBeLessThan(summary.timeoutMs!);
    expect(summary.lost).toBe(0);
    expect(summary.stale).toBe(0);
  }, 180_000);
});
