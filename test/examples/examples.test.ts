import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every example runs as a user would run it, so none can rot.
const root = resolve(import.meta.dirname, '../..');
const run = (file: string) => spawnSync(resolve(root, 'node_modules/.bin/tsx'), [file], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('examples', () => {
  it('quickstart prints recommendations', () => {
    const r = run('examples/quickstart.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)[0].itemId).toBe('ronin');
  }, 120_000);

  it('ab-test replays offline, runs a live experiment and prints the results table', () => {
    const r = run('examples/ab-test.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Offline replay/);
    expect(r.stdout).toMatch(/content-heavy\s+\d+\s+\d+\s+0\.\d{3}/);
  }, 120_000);
});
