import type { RecommendationCache } from '../types.js';
import { text } from '../checks.js';
import { checkCacheSet } from '../port-checks.js';

/** Options of {@link MemoryRecommendationCache}. */
export interface MemoryRecommendationCacheOptions {
  /** Entries kept at most; the least recently used goes first. @default 10000 */
  maxEntries?: number;
  /** Clock in epoch ms, for tests. @default Date.now */
  now?: () => number;
}

interface Entry {
  userId: string;
  value: unknown;
  expiresAt: number;
}

/** A bounded LRU cache with per-entry TTL; the reference {@link RecommendationCache}. */
export class MemoryRecommendationCache implements RecommendationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryRecommendationCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  async get<T>(key: string): Promise<T | undefined> {
    text(key, 'key');
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return structuredClone(entry.value) as T;
  }

  async set<T>(key: string, userId: string, value: T, ttlSeconds: number): Promise<void> {
    checkCacheSet(key, userId, value, ttlSeconds);
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    if (!(ttlSeconds > 0)) return;
    this.entries.set(key, { userId, value: structuredClone(value), expiresAt: this.now() + ttlSeconds * 1000 });
    let keys = this.byUser.get(userId);
    if (!keys) this.byUser.set(userId, (keys = new Set()));
    keys.add(key);
    while (this.entries.size > this.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.remove(oldestKey, oldest);
    }
  }

  async invalidateUser(userId: string): Promise<void> {
    text(userId, 'userId');
    for (const key of this.byUser.get(userId) ?? []) this.entries.delete(key);
    this.byUser.delete(userId);
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.byUser.clear();
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    const keys = this.byUser.get(entry.userId);
    keys?.delete(key);
    if (keys?.size === 0) this.byUser.delete(entry.userId);
  }
}
