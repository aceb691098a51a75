/**
 * PostgreSQL implementations of every port on one {@link SqlExecutor}, the migrator, and the
 * postgres.js driver. Install `postgres` (an optional peer dependency) to use them:
 *
 * ```ts
 * import postgres from 'postgres';
 * import { createPostgresStores, migrate, postgresJsExecutor } from '@media-gateway/sona/postgres';
 * const db = postgresJsExecutor(postgres(process.env.DATABASE_URL!));
 * await migrate(db);
 * const engine = await createEngine({ stores: createPostgresStores(db, { dimension: 512 }) });
 * ```
 *
 * @packageDocumentation
 */
import type { ChangeFeed, StoreSet } from '../types.js';
import { PostgresContentRepository } from './content-repository.js';
import { PostgresEventRepository } from './event-repository.js';
import type { SqlExecutor } from './executor.js';
import { PostgresExperimentRepository } from './experiment-repository.js';
import { PostgresLoraAdapterRepository } from './lora-adapter-repository.js';
import { PostgresModelRepository } from './model-repository.js';
import { PostgresProfileRepository } from './profile-repository.js';
import { PostgresRecommendationCache } from './recommendation-cache.js';
import { PostgresVectorStore } from './vector-store.js';

export { PostgresContentRepository } from './content-repository.js';
export { PostgresEventRepository } from './event-repository.js';
export { PostgresExperimentRepository } from './experiment-repository.js';
export { PostgresLoraAdapterRepository } from './lora-adapter-repository.js';
export { PostgresModelRepository } from './model-repository.js';
export { PostgresProfileRepository } from './profile-repository.js';
export { PostgresRecommendationCache } from './recommendation-cache.js';
export { PostgresVectorStore } from './vector-store.js';
export { PgVectorStore, type PgVectorStoreOptions } from './pgvector-store.js';
export { storeCall, type Row, type SqlExecutor, type SqlParam } from './executor.js';
export { postgresJsExecutor } from './postgres-js.js';
export { nodePostgresExecutor, type NodePostgresOptions } from './node-postgres.js';
export { CHANGE_CHANNEL, nodePostgresChangeFeed, PostgresChangeFeed, postgresJsChangeFeed, type NotifyChannel } from './change-feed.js';
export { loadMigrations, migrate, migrationsDirectory, type MigrateResult, type Migration } from './migrate.js';

/**
 * Every store on one database. The vector store holds `dimension`-long vectors; `changes` (a
 * {@link nodePostgresChangeFeed} or {@link postgresJsChangeFeed}) keeps several engine
 * processes on this database in step. `singleProcess`: no other process uses the database
 * (PGlite), so cached lists skip the check that keeps processes from serving each other's stale
 * writes.
 */
export function createPostgresStores(db: SqlExecutor, options: { dimension: number; changes?: ChangeFeed; singleProcess?: boolean }): StoreSet {
  return {
    ...(options.changes ? { changes: options.changes } : {}),
    content: new PostgresContentRepository(db),
    events: new PostgresEventRepository(db),
    profiles: new PostgresProfileRepository(db),
    vectors: new PostgresVectorStore(db, { dimension: options.dimension }),
    models: new PostgresModelRepository(db),
    adapters: new PostgresLoraAdapterRepository(db),
    experiments: new PostgresExperimentRepository(db),
    cache: new PostgresRecommendationCache(db, { singleProcess: options.singleProcess === true }),
  };
}
