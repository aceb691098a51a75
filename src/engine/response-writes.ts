/**
 * Response-cache writes off the request path: a request returns its list at once and the write
 * follows under the user's lock, so it lands before any later `track` of that user invalidates.
 * A write is dropped when the user tracked an event, or a new model was installed, after the
 * request started: the list it holds may already be stale, and a stale cached list would hide
 * the user's event from their very next request.
 */
import { LruMap } from '../core/lru-map.js';
import type { RecommendationCache } from '../stores/types.js';

/** Users whose changes are remembered; one evicted mid-request only makes its write be dropped. */
const CAPACITY = 100_000;

/** What a request saw when it started, to compare with when its write is due. */
export type WriteStamp = string;

export class ResponseWrites {
  private readonly users = new LruMap<string, number>(CAPACITY);
  private everyone = 0;

  /** The state a request for `userId` starts from. */
  stamp(userId: string): WriteStamp {
    return `${this.everyone}:${this.users.get(userId) ?? 0}`;
  }

  /** `userId`'s cached lists are stale from now on (an event was tracked). */
  touch(userId: string): void {
    this.users.set(userId, (this.users.get(userId) ?? 0) + 1);
  }

  /** Every cached list is stale from now on (a new model snapshot). */
  touchAll(): void {
    this.everyone++;
  }

  /** True when nothing that makes `userId`'s lists stale happened since `stamp`. */
  fresh(userId: string, stamp: WriteStamp): boolean {
    return this.stamp(userId) === stamp;
  }
}

/**
 * `cache` with every invalidation noted in `writes` first, so pending writes of lists it made
 * stale are dropped, whichever part of the engine invalidates.
 */
export function watchedCache(cache: RecommendationCache, writes: ResponseWrites): RecommendationCache {
  return {
    get: (key) => cache.get(key),
    set: (key, userId, value, ttlSeconds) => cache.set(key, userId, value, ttlSeconds),
    invalidateUser: (userId) => {
      writes.touch(userId);
      return cache.invalidateUser(userId);
    },
    clear: () => {
      writes.touchAll();
      return cache.clear();
    },
  };
}
