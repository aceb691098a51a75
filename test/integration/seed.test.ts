import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type SonaEngine } from '../../src/index.js';
import { createPgliteStores } from '../../src/stores/pglite/index.js';
import { collect } from '../../src/testing/index.js';
import { SEED_ITEMS, seed } from '../../scripts/seed.js';

const T0 = Date.UTC(2025, 0, 9, 20);

/** Everything the seed writes, read back through the stores and the engine. */
async function snapshot(engine: SonaEngine, stores: Awaited<ReturnType<typeof createPgliteStores>>['stores']) {
  const experiments = await engine.experiments.list();
  const results = await Promise.all(experiments.filter((e) => e.status !== 'draft').map((e) => engine.experimentResults(e.id, { metric: 'click' })));
  return {
    items: await stores.content.count(),
    events: (await collect(stores.events.scan())).map((e) => e.id).sort(),
    attributes: (await collect(stores.profiles.listAttributes())).sort((a, b) => a.userId.localeCompare(b.userId)),
    experiments: experiments.map((e) => [e.name, e.status, e.seed, e.variants.map((v) => v.name)]).sort(),
    results: results.map((r) => r.variants.map((v) => [r.name, v.name, v.users, v.exposedUsers, v.conversion.users])),
  };
}

describe('seed data set', () => {
  it('writes items, users, events and three experiments in three states; a second run changes nothing', async () => {
    const pglite = await createPgliteStores({ dimension: 512 });
    try {
      const engine = await createEngine({ stores: pglite.stores, clock: () => T0 });
      await seed(engine);
      const first = await snapshot(engine, pglite.stores);
      expect(first.items).toBe(SEED_ITEMS.length);
      expect(first.experiments.map(([name, status]) => `${name}:${status}`)).toEqual([
        'seed-completed-trending:completed',
        'seed-draft-diversity:draft',
        'seed-running-cf:running',
      ]);
      for (const variants of first.results) {
        expect(variants.reduce((s, v) => s + (v[2] as number), 0)).toBe(6); // every user assigned
        expect(variants.reduce((s, v) => s + (v[4] as number), 0)).toBeGreaterThan(0); // clicks converted
      }
      expect(first.attributes.find((a) => a.userId === 'seed-ana')?.demographics).toEqual({ country: 'BE', ageBand: '25-34' });
      await seed(engine);
      expect(await snapshot(engine, pglite.stores)).toEqual(first);
      await engine.close();
    } finally {
      await pglite.close();
    }
  }, 120_000);

  it('npm run seed and db:reset work on a PGlite folder from a clean checkout', () => {
    const root = resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'sona-seed-'));
    try {
      const run = (...args: string[]) =>
        spawnSync(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'scripts/seed.ts'), ...args], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, DATABASE_URL: '' },
        });
      for (const r of [run(), run(), run('--reset')]) {
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/seeded 12 items, 6 users and 3 experiments into \.sona\/pglite/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
