import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every example runs as a user would run it, so none can rot.
const root = resolve(import.meta.dirname, '../..');
const run = (file: string, env: Record<string, string> = {}) =>
  spawnSync(resolve(root, 'node_modules/.bin/tsx'), [file], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
const databaseUrl = process.env.SONA_TEST_DATABASE_URL;

describe('examples', () => {
  it('quickstart prints recommendations', () => {
    const r = run('examples/quickstart.ts');
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = JSON.parse(r.stdout);
    expect(first.itemId).toBe('ronin');
    expect(first.explanation).toBe('Because you watched Heat');
    // Up shares nothing with Heat and scored 0 everywhere: it claims neither Heat nor popularity.
    expect(second).toMatchObject({ itemId: 'up', score: 0, sources: [], explanation: 'New in the catalogue' });
  }, 120_000);

  it("custom-source blends editors' picks with the built-in sources and an experiment can pick sources", () => {
    const r = run('examples/custom-source.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^coco: Staff pick \(editorial\)$/m);
    expect(r.stdout).toMatch(/^ronin: Because you watched Heat/m);
    expect(r.stdout).toMatch(/editorial weight 0\.\d+, 3 candidates/);
    expect(r.stdout).toMatch(/^in variant picks: trending, editorial$/m);
  }, 120_000);

  it('ab-test replays offline, runs a live experiment and prints the results table', () => {
    const r = run('examples/ab-test.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Offline replay/);
    expect(r.stdout).toMatch(/content-heavy\s+\d+\s+\d+\s+0\.\d{3}/);
  }, 120_000);

  it('custom-repository passes the cache conformance suite and serves from it', () => {
    const r = run('examples/custom-repository.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/all 4 conformance cases passed/);
    expect(r.stdout).toMatch(/cached copy identical: true/);
  }, 120_000);

  it('onnx-catalog embeds a catalogue with a local ONNX model', () => {
    const r = run('examples/onnx-catalog.ts', { SONA_MODEL_PATH: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/64 dimensions/);
    expect(r.stdout).toMatch(/catalogue of 200: 0 embedded, 200 already current/);
    expect(r.stdout).toMatch(/closest to film-0: film-\d+/);
  }, 120_000);

  it('postgres refuses to start without DATABASE_URL', () => {
    const r = run('examples/postgres.ts', { DATABASE_URL: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/set DATABASE_URL/);
  }, 120_000);

  it.skipIf(!databaseUrl)(
    'postgres migrates a server database in its own schema and recommends',
    () => {
      for (const round of [1, 2]) {
        const r = run('examples/postgres.ts', { DATABASE_URL: databaseUrl!, SONA_SCHEMA: 'sona_example' });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(round === 1 ? /schema at version \d+ \(\d+ migrations applied now\)/ : /\(0 migrations applied now\)/);
        expect(r.stdout).toMatch(/collateral: /);
      }
    },
    120_000,
  );
});
