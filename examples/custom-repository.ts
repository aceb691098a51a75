// A host's own store: the recommendation cache on a Redis-style key-value client (GET, SET with
// PX, DEL, SADD/SMEMBERS for the per-user index), checked by SONA's conformance suite before the
// engine uses it. Run it with `npx tsx examples/custom-repository.ts`.
// In your app, import from '@media-gateway/sona' and '@media-gateway/sona/testing'.
import { createEngine, type RecommendationCache } from '../src/index.js';
import { recommendationCacheSpec } from '../src/testing/index.js';

/** The part of a Redis client this cache needs (ioredis and node-redis both offer it). */
interface KeyValueClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  sadd(key: string, member: string): Promise<number>;
  smembers(key: string): Promise<string[]>;
  keys(pattern: string): Promise<string[]>;
}

/** The recommendation cache as JSON values under a key prefix, with a set of keys per user. */
class KeyValueRecommendationCache implements RecommendationCache {
  constructor(
    private readonly client: KeyValueClient,
    private readonly prefix = 'sona:',
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.client.get(this.prefix + key);
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set<T>(key: string, userId: string, value: T, ttlSeconds: number): Promise<void> {
    await this.client.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
    await this.client.sadd(`${this.prefix}user:${userId}`, key);
  }

  async invalidateUser(userId: string): Promise<void> {
    const index = `${this.prefix}user:${userId}`;
    const keys = await this.client.smembers(index);
    await this.client.del(index, ...keys.map((k) => this.prefix + k));
  }

  async clear(): Promise<void> {
    const keys = await this.client.keys(`${this.prefix}*`);
    if (keys.length > 0) await this.client.del(...keys);
  }
}

/** An in-process stand-in for a Redis server, so the example runs anywhere. */
class InProcessKeyValue implements KeyValueClient {
  private readonly values = new Map<string, { value: string; expires: number }>();
  private readonly sets = new Map<string, Set<string>>();

  async get(key: string) {
    const hit = this.values.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    this.values.delete(key);
    return null;
  }
  async set(key: string, value: string, _mode: 'PX', milliseconds: number) {
    this.values.set(key, { value, expires: Date.now() + milliseconds });
    return 'OK';
  }
  async del(...keys: string[]) {
    return keys.filter((k) => this.values.delete(k) || this.sets.delete(k)).length;
  }
  async sadd(key: string, member: string) {
    const set = this.sets.get(key) ?? new Set<string>();
    this.sets.set(key, set);
    return set.has(member) ? 0 : (set.add(member), 1);
  }
  async smembers(key: string) {
    return [...(this.sets.get(key) ?? [])];
  }
  async keys(pattern: string) {
    const start = pattern.replace(/\*$/, '');
    return [...this.values.keys(), ...this.sets.keys()].filter((k) => k.startsWith(start));
  }
}

// 1. The same contract SONA's own caches pass, run against this implementation.
const cases = recommendationCacheSpec(() => new KeyValueRecommendationCache(new InProcessKeyValue()));
let failed = 0;
for (const c of cases) {
  try {
    await c.run();
    console.log(`  ok    ${c.name}`);
  } catch (error) {
    failed++;
    console.log(`  FAIL  ${c.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(failed === 0 ? `all ${cases.length} conformance cases passed` : `${failed} of ${cases.length} conformance cases failed`);
if (failed > 0) process.exit(1);

// 2. Wired into an engine: every other store stays in memory.
const engine = await createEngine({ stores: { cache: new KeyValueRecommendationCache(new InProcessKeyValue()) } });
await engine.upsertContent([
  { id: 'heat', title: 'Heat', genres: ['Crime'] },
  { id: 'ronin', title: 'Ronin', genres: ['Crime'] },
  { id: 'up', title: 'Up', genres: ['Family'] },
]);
await engine.track({ userId: 'u1', contentId: 'heat', type: 'complete' });
const first = await engine.recommend('u1', { count: 2 });
const again = await engine.recommend('u1', { count: 2 }); // served from the custom cache
console.log(`recommended ${first.map((r) => r.itemId).join(', ')}; cached copy identical: ${JSON.stringify(first) === JSON.stringify(again)}`);
await engine.close();
