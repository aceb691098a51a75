import type { RecommendationCache } from '../types.js';
import { fromJson, json } from './codec.js';
import { storeCall, type SqlExecutor } from './executor.js';
import { text } from '../checks.js';
import { checkCacheSet } from '../port-checks.js';

/** Cached lists in `sona_recommendation_cache` (JSON text), expiring by the database clock. */
export class PostgresRecommendationCache implements RecommendationCache {
  constructor(private readonly db: SqlExecutor) {}

  async get<T>(key: string): Promise<T | undefined> {
    text(key, 'key');
    return storeCall('cache get', async () => {
      const [r] = await this.db.query('SELECT value FROM sona_recommendation_cache WHERE key = $1 AND expires_at > clock_timestamp()', [key]);
      return r ? fromJson<T>(r.value) : undefined;
    });
  }

  async set<T>(key: string, userId: string, value: T, ttlSeconds: number): Promise<void> {
    checkCacheSet(key, userId, value, ttlSeconds);
    return storeCall('cache set', async () => {
      if (!(ttlSeconds > 0)) {
        await this.db.query('DELETE FROM sona_recommendation_cache WHERE key = $1', [key]);
        return;
      }
      await this.db.query(
        `INSERT INTO sona_recommendation_cache (key, user_id, value, expires_at)
         VALUES ($1, $2, $3, clock_timestamp() + $4::float8 * interval '1 second')
         ON CONFLICT (key) DO UPDATE SET user_id = excluded.user_id, value = excluded.value, expires_at = excluded.expires_at`,
        [key, userId, json(value), ttlSeconds],
      );
    });
  }

  async invalidateUser(userId: string): Promise<void> {
    text(userId, 'userId');
    return storeCall('cache invalidateUser', async () => {
      await this.db.query('DELETE FROM sona_recommendation_cache WHERE user_id = $1', [userId]);
    });
  }

  clear(): Promise<void> {
    return storeCall('cache clear', async () => {
      await this.db.query('DELETE FROM sona_recommendation_cache');
    });
  }
}
