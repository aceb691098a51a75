/**
 * A small, deterministic data set for a development database: 12 films, 6 users with viewing
 * progress, ratings and attributes, and three experiments (draft, running, completed) with
 * variants, assignments, exposures and conversions. Idempotent: events carry fixed ids and are
 * stored once, items are upserted, experiments are found by name, and assignments are sticky,
 * so a second run changes nothing. (Experiment and variant ids are made by the store; names and
 * hash seeds are fixed, so every user lands in the same variant on every database.)
 *
 *   npm run seed                      PGlite in .sona/pglite (no server needed)
 *   npm run seed -- --database-url postgres://...   or DATABASE_URL=...
 *   npm run db:reset                  drop SONA's tables (or the PGlite folder), migrate, seed
 */
import { rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createEngine, type ContentItem, type SonaEngine, type ViewingEvent } from '../src/index.js';
import { openStores } from '../src/cli/stores.js';
import type { SqlExecutor } from '../src/stores/postgres/index.js';

const DAY = 86_400_000;
/** Every timestamp is fixed, so a re-run produces identical events (and skips them as duplicates). */
const T0 = Date.UTC(2025, 0, 6, 20);

export const SEED_ITEMS: ContentItem[] = [
  { id: 'seed-heat', title: 'Heat', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'], runtimeMinutes: 170, popularity: 0.9 },
  { id: 'seed-collateral', title: 'Collateral', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'], runtimeMinutes: 120, popularity: 0.7 },
  { id: 'seed-ronin', title: 'Ronin', genres: ['Crime', 'Action'], cast: ['Robert De Niro'], runtimeMinutes: 122, popularity: 0.6 },
  { id: 'seed-goodfellas', title: 'Goodfellas', genres: ['Crime', 'Drama'], cast: ['Robert De Niro'], runtimeMinutes: 145, popularity: 0.8 },
  { id: 'seed-up', title: 'Up', genres: ['Animation', 'Family'], runtimeMinutes: 96, popularity: 0.8 },
  { id: 'seed-coco', title: 'Coco', genres: ['Animation', 'Family', 'Music'], runtimeMinutes: 105, popularity: 0.7 },
  { id: 'seed-paddington', title: 'Paddington', genres: ['Family', 'Comedy'], runtimeMinutes: 95, popularity: 0.6 },
  { id: 'seed-arrival', title: 'Arrival', genres: ['Sci-Fi', 'Drama'], runtimeMinutes: 116, popularity: 0.7 },
  { id: 'seed-interstellar', title: 'Interstellar', genres: ['Sci-Fi', 'Adventure'], runtimeMinutes: 169, popularity: 0.9 },
  { id: 'seed-planet-earth', title: 'Planet Earth', genres: ['Documentary', 'Nature'], runtimeMinutes: 50, popularity: 0.5 },
  { id: 'seed-free-solo', title: 'Free Solo', genres: ['Documentary', 'Adventure'], runtimeMinutes: 100, popularity: 0.5 },
  { id: 'seed-short-cuts', title: 'Short Cuts', genres: ['Comedy'], runtimeMinutes: 22, popularity: 0.3 },
];

/** Users, their attributes and what they watched: [item, completion, rating?]. */
const USERS: Array<{ id: string; demographics: Record<string, string>; genres: string[]; watched: Array<[string, number, number?]> }> = [
  {
    id: 'seed-ana',
    demographics: { country: 'BE', ageBand: '25-34' },
    genres: ['Crime'],
    watched: [
      ['seed-heat', 1, 5],
      ['seed-ronin', 0.95],
      ['seed-arrival', 0.4],
    ],
  },
  {
    id: 'seed-ben',
    demographics: { country: 'BE', ageBand: '35-44' },
    genres: ['Crime', 'Sci-Fi'],
    watched: [
      ['seed-collateral', 1, 4],
      ['seed-interstellar', 1, 5],
    ],
  },
  {
    id: 'seed-chloe',
    demographics: { country: 'US', ageBand: '25-34' },
    genres: ['Family'],
    watched: [
      ['seed-up', 1, 5],
      ['seed-coco', 0.8],
      ['seed-paddington', 1],
    ],
  },
  {
    id: 'seed-dev',
    demographics: { country: 'US', ageBand: '18-24' },
    genres: [],
    watched: [
      ['seed-free-solo', 1, 4],
      ['seed-planet-earth', 0.6],
    ],
  },
  {
    id: 'seed-eve',
    demographics: { country: 'NL', ageBand: '45-54' },
    genres: ['Documentary'],
    watched: [
      ['seed-goodfellas', 0.3],
      ['seed-heat', 0.9, 4],
    ],
  },
  { id: 'seed-finn', demographics: {}, genres: [], watched: [] }, // signed up, watched nothing yet
];

/** Seeds through the engine's stores; running it again changes nothing. */
export async function seed(engine: SonaEngine): Promise<void> {
  await engine.upsertContent(SEED_ITEMS);
  const events: ViewingEvent[] = USERS.flatMap((u, ui) =>
    u.watched.flatMap(([contentId, completion, rating], i) => {
      const timestamp = T0 - (ui * 5 + i) * DAY;
      const base = { userId: u.id, contentId, timestamp };
      return [
        { ...base, id: `${u.id}:${contentId}:view`, type: 'view' as const, completion },
        ...(rating === undefined ? [] : [{ ...base, id: `${u.id}:${contentId}:rate`, type: 'rate' as const, rating, timestamp: timestamp + 60_000 }]),
      ];
    }),
  );
  await engine.track(events);
  for (const u of USERS) await engine.updateUserAttributes(u.id, { demographics: u.demographics, preferredGenres: u.genres });

  const experiments = engine.experiments;
  const ensure = async (name: string, variants: Array<{ name: string; weight: number; config?: Record<string, unknown> }>) => {
    const existing = (await experiments.list()).find((e) => e.name === name);
    return existing ?? experiments.create({ name, seed: `${name}-seed`, description: `Seed experiment ${name}`, variants });
  };
  await ensure('seed-draft-diversity', [
    { name: 'control', weight: 0.5 },
    { name: 'more-variety', weight: 0.5, config: { diversity: 0.5 } },
  ]);
  const running = await ensure('seed-running-cf', [
    { name: 'control', weight: 0.5 },
    { name: 'cf-heavy', weight: 0.5, config: { weights: { collaborative: 0.6 } } },
  ]);
  const completed = await ensure('seed-completed-trending', [
    { name: 'control', weight: 0.5 },
    { name: 'less-trending', weight: 0.5, config: { weights: { trending: 0.05 } } },
  ]);
  // The completed experiment ran first: users were served (assigned and exposed) and clicked.
  if (completed.status === 'draft') {
    await experiments.start(completed.id);
    await serveAndClick(engine, 'completed', T0 + DAY);
    await experiments.complete(completed.id);
  }
  if (running.status === 'draft') await experiments.start(running.id);
  await serveAndClick(engine, 'running', T0 + 2 * DAY);
}

/** Every user is recommended to (assignment and exposure) and clicks their top pick once. */
async function serveAndClick(engine: SonaEngine, round: string, timestamp: number): Promise<void> {
  for (const u of USERS) {
    const [top] = await engine.recommend(u.id, { count: 3 });
    // The click's id is fixed per user and round, so a re-run stores (and converts) it once.
    if (top) await engine.track({ id: `${u.id}:click:${round}`, userId: u.id, contentId: top.itemId, type: 'click', timestamp });
  }
}

/** Drops every SONA table (data and migration history) on a server. */
export async function dropSonaTables(db: SqlExecutor): Promise<string[]> {
  const rows = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'sona\\_%'`);
  const names = rows.map((r) => r.tablename as string);
  // Identifiers cannot be parameters; these come from the catalogue and are quoted.
  if (names.length > 0) await db.execute(`DROP TABLE ${names.map((n) => `"${n.replace(/"/g, '""')}"`).join(', ')} CASCADE`);
  return names;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const reset = args.includes('--reset');
  const urlFlag = args.indexOf('--database-url');
  const url = (urlFlag >= 0 ? args[urlFlag + 1] : process.env.DATABASE_URL) || undefined;
  const dataDir = '.sona/pglite';
  if (reset && !url) await rm(dataDir, { recursive: true, force: true });
  const reported = async (db: SqlExecutor) => console.log(`dropped ${(await dropSonaTables(db)).length} tables`);
  const opened = await openStores({ databaseUrl: url, dataDir, beforeMigrate: reset ? reported : undefined });
  try {
    // The engine's clock is pinned, so exposures and assignment times are the same on every run.
    const engine = await createEngine({ stores: opened.stores, embedder: opened.embedder, clock: () => T0 + 3 * DAY });
    await seed(engine);
    await engine.close();
  } finally {
    await opened.close();
  }
  console.log(`seeded ${SEED_ITEMS.length} items, ${USERS.length} users and 3 experiments into ${url ? 'the database' : dataDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
