import assert from 'node:assert/strict';
import { registerSuite } from './register.js';
import type { SqlExecutor } from '../../src/stores/postgres/executor.js';
import {
  PostgresContentRepository,
  PostgresEventRepository,
  PostgresExperimentRepository,
  PostgresLoraAdapterRepository,
  PostgresModelRepository,
  PostgresProfileRepository,
  PostgresRecommendationCache,
  PostgresVectorStore,
} from '../../src/stores/postgres/index.js';
import {
  contentRepositorySpec,
  eventRepositorySpec,
  experimentRepositorySpec,
  loraAdapterRepositorySpec,
  modelRepositorySpec,
  profileRepositorySpec,
  recommendationCacheSpec,
  vectorStoreSpec,
  type ConformanceCase,
} from '../../src/testing/index.js';

const TABLES = [
  'sona_content',
  'sona_events',
  'sona_user_profiles',
  'sona_user_attributes',
  'sona_vectors',
  'sona_model_snapshots',
  'sona_lora_adapters',
  'sona_experiments',
  'sona_experiment_variants',
  'sona_experiment_assignments',
  'sona_experiment_exposures',
  'sona_experiment_conversions',
  'sona_recommendation_cache',
  'sona_cache_invalidations',
];

/** Empties every SONA table, so each conformance case starts from a clean database. */
export async function truncateAll(db: SqlExecutor): Promise<void> {
  await db.execute(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}

/** Registers every conformance suite against the Postgres stores on `db()`. */
export function postgresConformance(label: string, db: () => SqlExecutor): void {
  const fresh =
    <T>(make: (db: SqlExecutor) => T) =>
    async () => {
      await truncateAll(db());
      return make(db());
    };
  const run = (name: string, cases: ConformanceCase[]) => registerSuite(`${name} (${label})`, cases);
  run('PostgresContentRepository', contentRepositorySpec(fresh((d) => new PostgresContentRepository(d))));
  run('PostgresEventRepository', eventRepositorySpec(fresh((d) => new PostgresEventRepository(d))));
  run('PostgresProfileRepository', profileRepositorySpec(fresh((d) => new PostgresProfileRepository(d))));
  run('PostgresVectorStore', vectorStoreSpec(fresh((d) => new PostgresVectorStore(d, { dimension: 4 }))));
  run('PostgresModelRepository', modelRepositorySpec(fresh((d) => new PostgresModelRepository(d))));
  run('PostgresLoraAdapterRepository', loraAdapterRepositorySpec(fresh((d) => new PostgresLoraAdapterRepository(d))));
  run('PostgresExperimentRepository', experimentRepositorySpec(fresh((d) => new PostgresExperimentRepository(d))));
  run('PostgresRecommendationCache', recommendationCacheSpec(fresh((d) => new PostgresRecommendationCache(d))));
  run('PostgresRecommendationCache, one process', recommendationCacheSpec(fresh((d) => new PostgresRecommendationCache(d, { singleProcess: true }))));
  registerSuite(`PostgresRecommendationCache shared by two instances (${label})`, [
    {
      name: 'a list computed before another instance invalidated its user is never served, whenever its write lands',
      run: async () => {
        await truncateAll(db());
        const [a, b] = [new PostgresRecommendationCache(db()), new PostgresRecommendationCache(db())];
        assert.equal(await a.get('k'), undefined); // A starts computing
        await b.invalidateUser('u'); // B tracks an event for the user
        await a.set('k', 'u', ['stale'], 60); // A's write lands after the invalidation
        // The database clock may tick in milliseconds (PGlite's does): a computation that starts
        // in the invalidation's tick counts as before it, which is the safe side. The next one
        // starts a tick later.
        await new Promise((resolve) => setTimeout(resolve, 5));
        assert.equal(await a.get('k'), undefined);
        assert.equal(await b.get('k'), undefined);
        // The next computation started after the invalidation: its list is served.
        await a.set('k', 'u', ['fresh'], 60);
        assert.deepEqual(await b.get('k'), ['fresh']);
        // Other users and clear(): the same rule, per user and for everyone.
        assert.equal(await a.get('other'), undefined);
        await b.clear();
        await a.set('other', 'v', ['stale'], 60);
        assert.equal(await b.get('other'), undefined);
      },
    },
  ]);
}
