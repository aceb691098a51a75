// SONA on a PostgreSQL server: migrations, then every store in the database.
// Run it with `DATABASE_URL=postgres://user:password@localhost:5432/db npx tsx examples/postgres.ts`
// (SONA_SCHEMA, optional, keeps SONA's tables in their own schema).
// In your app, import from '@media-gateway/sona' and '@media-gateway/sona/postgres'.
import pg from 'pg';
import { createEngine } from '../src/index.js';
import { createPostgresStores, migrate, nodePostgresExecutor } from '../src/stores/postgres/index.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('set DATABASE_URL to a PostgreSQL database (for an embedded one, see createPgliteStores)');
  process.exit(2);
}
const schema = process.env.SONA_SCHEMA;
if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
  console.error('SONA_SCHEMA must be a plain lower-case identifier');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: url, max: 4, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
try {
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const db = nodePostgresExecutor(pool);
  const { applied, current } = await migrate(db); // idempotent, safe from several processes
  console.log(`schema at version ${current} (${applied.length} migrations applied now)`);

  const engine = await createEngine({ stores: createPostgresStores(db, { dimension: 512 }) });
  await engine.upsertContent([
    { id: 'heat', title: 'Heat', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'] },
    { id: 'collateral', title: 'Collateral', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'] },
    { id: 'up', title: 'Up', genres: ['Animation', 'Family'] },
  ]);
  await engine.track({ id: 'example-1', userId: 'u1', contentId: 'heat', type: 'complete', rating: 5 });
  const recs = await engine.recommend('u1', { count: 2 });
  console.log(recs.map((r) => `${r.itemId}: ${r.explanation}`).join('\n'));
  await engine.close();
} finally {
  await pool.end();
}
