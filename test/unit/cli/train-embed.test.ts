import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `sona train` and `sona embed` as a script would run them: no TTY, so plain progress lines on
// standard error, the report on standard output, and exit codes to branch on.
const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'sona-cli-'));
const tsx = resolve(root, 'node_modules/.bin/tsx');
const sona = (...args: string[]) =>
  spawnSync(tsx, [resolve(root, 'src/cli.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 180_000, env: { ...process.env, DATABASE_URL: '' } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sona train and sona embed', () => {
  it('train fits on a seeded PGlite folder and publishes a snapshot; embed then finds nothing to do', () => {
    const seeded = spawnSync(tsx, [resolve(root, 'scripts/seed.ts')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, DATABASE_URL: '' },
    });
    expect(seeded.status, seeded.stderr).toBe(0);
    const train = sona('train', '--data-dir', '.sona/pglite', '--json');
    expect(train.status, train.stderr).toBe(0);
    const report = JSON.parse(train.stdout);
    expect(report).toMatchObject({ items: 12, itemsEmbedded: 12, profiles: 6 });
    expect(report.collaborative.snapshotVersion).toBe(1);
    expect(train.stderr).toMatch(/^profiles \d+\/6$/m); // plain progress lines, not a bar
    const embed = sona('embed', '--data-dir', '.sona/pglite', '--json');
    expect(embed.status, embed.stderr).toBe(0);
    expect(JSON.parse(embed.stdout)).toMatchObject({ items: 12, embedded: 0, unchanged: 12 });
    const again = sona('train', '--data-dir', '.sona/pglite');
    expect(again.stdout).toMatch(/published as snapshot version 2/);
  }, 300_000);

  it('exit codes: 2 for bad input, 1 for a failure, 0 for --help', () => {
    expect(sona('train').status).toBe(2); // no database given
    expect(sona('embed', '--data-dir', '.sona/pglite', '--batch-size', 'many').status).toBe(2);
    // A --data-dir that does not exist is a usage error unless --create; --database-url with it too.
    const typo = sona('train', '--data-dir', join(dir, 'typo'));
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/does not exist \(add --create/);
    expect(sona('train', '--data-dir', '.sona/pglite', '--database-url', 'postgres://x@localhost/y').status).toBe(2);
    expect(sona('train', '--no-such-flag').status).toBe(2);
    expect(sona('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const missingModel = sona('embed', '--data-dir', join(dir, 'other'), '--create', '--model', join(dir, 'no-such-model'));
    expect(missingModel.status).toBe(1);
    expect(missingModel.stderr).toMatch(/SONA_MODEL/);
    for (const command of ['train', 'embed', 'migrate', 'evaluate', 'demo']) {
      const help = sona(command, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: sona/);
    }
  }, 120_000);
});
