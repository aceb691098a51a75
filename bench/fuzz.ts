/**
 * The attacker's probe: 30,000 arbitrary calls of every public engine verb and the experiments
 * service per backend (memory, PGlite, and a PostgreSQL server when DATABASE_URL is set, through
 * node-postgres); every call must succeed or throw a SonaError. Prints a table and writes
 * bench/results/fuzz.md.
 * Usage: npx tsx bench/fuzz.ts [calls per backend]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import pg from 'pg';
import { SonaError, createEngine, type SonaEngine } from '../src/index.js';
import { createMemoryStores } from '../src/stores/memory/index.js';
import { createPgliteStores } from '../src/stores/pglite/index.js';
import { createPostgresStores, migrate, nodePostgresExecutor } from '../src/stores/postgres/index.js';
import type { StoreSet } from '../src/stores/types.js';
import { CATALOG } from '../test/fixtures/catalog.js';
import { calls, inputCalls } from '../test/fixtures/fuzz.js';

const perBackend = Number(process.argv[2] ?? 30_000);

async function backends(): Promise<Array<{ name: string; stores: StoreSet; close: () => Promise<void> }>> {
  const out: Array<{ name: string; stores: StoreSet; close: () => Promise<void> }> = [{ name: 'memory', stores: createMemoryStores(), close: async () => {} }];
  const lite = await createPgliteStores({ dimension: 512, vectorIndex: 'exact' });
  out.push({ name: 'PGlite', stores: lite.stores, close: () => lite.close() });
  if (process.env.DATABASE_URL) {
    const schema = `sona_fuzz_${process.pid}`;
    const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4, options: `-c search_path=${schema}` });
    const db = nodePostgresExecutor(pool);
    await migrate(db);
    out.push({
      name: 'PostgreSQL 15',
      stores: createPostgresStores(db, { dimension: 512 }),
      close: async () => {
        await pool.end();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    });
  }
  return out;
}

const rows: string[] = [];
for (const backend of await backends()) {
  const engine: SonaEngine = await createEngine({
    stores: backend.stores,
    clock: () => Date.UTC(2025, 0, 1),
    experiments: { refreshMs: 0 },
    onBackgroundError: () => {},
  });
  await engine.upsertContent(CATALOG);
  await engine.track(CATALOG.slice(0, 6).map((c, i) => ({ userId: 'u1', contentId: c.id, type: 'complete' as const, timestamp: Date.UTC(2024, 11, 1 + i) })));
  let ok = 0;
  let sona = 0;
  const raw: string[] = [];
  const started = performance.now();
  const samples = fc.sample(fc.oneof(calls, inputCalls), { numRuns: perBackend, seed: 2026 });
  for (const [name, call] of samples) {
    try {
      await call(engine);
      ok++;
    } catch (error) {
      if (error instanceof SonaError && typeof error.code === 'string') sona++;
      else raw.push(`${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  await engine.close();
  await backend.close();
  const seconds = (performance.now() - started) / 1000;
  rows.push(`| ${backend.name} | ${samples.length} | ${ok} | ${sona} | ${raw.length} | ${seconds.toFixed(0)} |`);
  for (const r of raw.slice(0, 5)) console.error(`  ${backend.name}: ${r}`);
  console.log(rows.at(-1));
}
const report = [
  '# Fuzzed public API',
  '',
  `Arbitrary calls (fast-check, seed 2026) of every engine verb and the experiments service, with hostile strings, NaN, Infinity, wrong types, objects and dates in every argument. Node ${process.version}.`,
  '',
  '| backend | calls | succeeded | SonaError | any other throw | seconds |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/fuzz.md', report);
console.log(report);
