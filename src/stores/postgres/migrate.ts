/**
 * Forward-only migrations: the numbered `.sql` files in the package's `migrations/` folder are
 * applied in order, each in its own transaction together with its row in `sona_migrations`. An
 * advisory transaction lock serialises concurrent migrators, and each file is re-checked after
 * the lock is taken, so two processes starting at once apply every file exactly once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../core/errors.js';
import { storeCall, type SqlExecutor } from './executor.js';

/** A migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Arbitrary but fixed: the advisory lock key of SONA's migrator. */
const LOCK_KEY = 482_114_507;

/** The package's migrations folder, found by walking up from this module (works from src/ and dist/). */
export function migrationsDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, '001_initial.sql'))) return candidate;
    dir = resolve(dir, '..');
  }
  throw new ConfigurationError('migrations', 'the package migrations folder was not found');
}

/** Reads `NNN_name.sql` files in version order. */
export function loadMigrations(directory = migrationsDirectory()): Migration[] {
  return readdirSync(directory)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(directory, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** What {@link migrate} did. */
export interface MigrateResult {
  applied: Array<{ version: number; name: string }>;
  current: number;
}

/** Applies pending migrations; a no-op when the schema is up to date. */
export async function migrate(db: SqlExecutor, options: { migrations?: Migration[] } = {}): Promise<MigrateResult> {
  const migrations = options.migrations ?? loadMigrations();
  return storeCall('migrate', async () => {
    await db.transaction(async (tx) => {
      // IF NOT EXISTS on a second run raises NOTICEs a driver may print raw: keep them quiet.
      await tx.execute("SET LOCAL client_min_messages = 'warning'");
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await tx.execute(
        'CREATE TABLE IF NOT EXISTS sona_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
    });
    const applied: MigrateResult['applied'] = [];
    for (const m of migrations) {
      const done = await db.transaction(async (tx) => {
        await tx.execute("SET LOCAL client_min_messages = 'warning'");
        await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
        const existing = await tx.query('SELECT 1 FROM sona_migrations WHERE version = $1', [m.version]);
        if (existing.length > 0) return false;
        await tx.execute(m.sql);
        await tx.query('INSERT INTO sona_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        return true;
      });
      if (done) applied.push({ version: m.version, name: m.name });
    }
    const [row] = await db.query<{ v: number | null }>('SELECT max(version)::int AS v FROM sona_migrations');
    return { applied, current: row?.v ?? 0 };
  });
}
