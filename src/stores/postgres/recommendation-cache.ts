import { LruMap } from '../../core/lru-map.js';
import type { RecommendationCache } from '../types.js';
import { fromJson, json } from './codec.js';
import { storeCall, type SqlExecutor } from './executor.js';
import { text } from '../checks.js';
import { checkCacheSet } from '../port-checks.js';

/** Misses remembered until their write (one per key being computed). */
const PENDING = 10_000;

/** An entry is served only when no invalidation of its user (or of all) came at or after its computed_at. */
const GET_SHARED = `SELECT (
    SELECT c.value FROM sona_recommendation_cache c
    WHERE c.key = $1 AND c.expires_at > clock_timestamp()
      AND NOT EXISTS (SELECT 1 FROM sona_cache_invalidations i WHERE i.scope IN ('user:' || c.user_id, 'all') AND i.at >= c.computed_at)
  ) AS value, (extract(epoch from clock_timestamp()) * 1000000)::bigint::text AS at`;

/** One process on the database: its engine drops a stale write itself, so entries are not checked. */
const GET_ALONE = `SELECT value FROM sona_recommendation_cache WHERE key = $1 AND expires_at > clock_timestamp()`;

/** Drops the entries `where` selects; shared, also records the invalidation of `scope`, in the same statement. */
const invalidate = (shared: boolean, where: string, scope: string) => {
  const drop = `DELETE FROM sona_recommendation_cache${where}`;
  if (!shared) return drop;
  return `WITH dropped AS (${drop}) INSERT INTO sona_cache_invalidations (scope, at) VALUES (${scope}, clock_timestamp())
    ON CONFLICT (scope) DO UPDATE SET at = greatest(sona_cache_invalidations.at, excluded.at)`;
};

/**
 * Cached lists in `sona_recommendation_cache` (JSON text), expiring by the database clock.
 *
 * Several processes may share it: a list is stamped with the database time of the miss that
 * started its computation, and an invalidation with its own time, so a list computed before
 * another instance's invalidation is never served, even when its write lands after it. A `set`
 * with no miss before it on this object (a host writing directly) is stamped with its own time.
 * `singleProcess` (PGlite: one process owns the database) skips that check, which costs a read
 * about 0.2 ms there; the engine itself drops writes that its own process made stale.
 */
export class PostgresRecommendationCache implements RecommendationCache {
  /** The database time (epoch µs, as text) of each key's earliest miss not yet followed by its write. */
  private readonly misses = new LruMap<string, string>(PENDING);

  private readonly shared: boolean;

  constructor(
    private readonly db: SqlExecutor,
    options: { singleProcess?: boolean } = {},
  ) {
    this.shared = options.singleProcess !== true;
  }

  async get<T>(key: string): Promise<T | undefined> {
    text(key, 'key');
    return storeCall('cache get', async () => {
      const [r] = await this.db.query(this.shared ? GET_SHARED : GET_ALONE, [key]);
      if (r?.value !== null && r?.value !== undefined) return fromJson<T>(r.value);
      // The earliest: of two computations of one key, the older inputs decide.
      if (this.shared && !this.misses.has(key)) this.misses.set(key, r!.at as string);
      return undefined;
    });
  }

  async set<T>(key: string, userId: string, value: T, ttlSeconds: number): Promise<void> {
    checkCacheSet(key, userId, value, ttlSeconds);
    const since = this.misses.get(key) ?? null;
    this.misses.delete(key);
    return storeCall('cache set', async () => {
      if (!(ttlSeconds > 0)) {
        await this.db.query('DELETE FROM sona_recommendation_cache WHERE key = $1', [key]);
        return;
      }
      await this.db.query(
        `INSERT INTO sona_recommendation_cache (key, user_id, value, expires_at, computed_at)
         VALUES ($1, $2, $3, clock_timestamp() + $4::float8 * interval '1 second', coalesce(to_timestamp(0) + $5::bigint * interval '1 microsecond', clock_timestamp()))
         ON CONFLICT (key) DO UPDATE SET user_id = excluded.user_id, value = excluded.value, expires_at = excluded.expires_at, computed_at = excluded.computed_at`,
        [key, userId, json(value), ttlSeconds, since],
      );
    });
  }

  async invalidateUser(userId: string): Promise<void> {
    text(userId, 'userId');
    return storeCall('cache invalidateUser', async () => {
      await this.db.query(invalidate(this.shared, ' WHERE user_id = $1', `'user:' || $1`), [userId]);
    });
  }

  clear(): Promise<void> {
    return storeCall('cache clear', async () => {
      await this.db.query(invalidate(this.shared, '', `'all'`));
    });
  }
}
