import assert from 'node:assert/strict';
import type { RecommendationCache } from '../stores/types.js';
import { defineCases, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The contract every {@link RecommendationCache} must meet. */
export function recommendationCacheSpec(make: StoreFactory<RecommendationCache>, options: SpecOptions<RecommendationCache> = {}): ConformanceCase[] {
  return defineCases(make, options, {
    'cache: set then get returns an equal value': async (cache) => {
      const value = [{ itemId: 'heat', score: 0.9, sources: [{ source: 'content', score: 0.9, share: 1 }], explanation: 'x' }];
      await cache.set('k1', 'u1', value, 60);
      assert.deepEqual(await cache.get('k1'), value);
      assert.equal(await cache.get('k2'), undefined);
    },
    'cache: entries expire after their TTL': async (cache) => {
      await cache.set('k1', 'u1', [1], 0.05);
      await sleep(120);
      assert.equal(await cache.get('k1'), undefined);
    },
    'cache: invalidateUser drops only that user': async (cache) => {
      await cache.set('a', 'u1', 1, 60);
      await cache.set('b', 'u1', 2, 60);
      await cache.set('c', 'u2', 3, 60);
      await cache.invalidateUser('u1');
      assert.equal(await cache.get('a'), undefined);
      assert.equal(await cache.get('b'), undefined);
      assert.equal(await cache.get('c'), 3);
    },
    'cache: clear drops everything': async (cache) => {
      await cache.set('a', 'u1', 1, 60);
      await cache.clear();
      assert.equal(await cache.get('a'), undefined);
    },
  });
}
