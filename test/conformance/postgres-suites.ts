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
}
