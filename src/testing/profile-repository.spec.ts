import assert from 'node:assert/strict';
import type { UserProfile } from '../core/types.js';
import type { ProfileRepository } from '../stores/types.js';
import { defineCases, HOSTILE_STRINGS, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

function profile(userId: string, dimension = 8): UserProfile {
  const v = new Float32Array(dimension).map((_, i) => (i % 3) - 1 + 0.125);
  return {
    userId,
    preferenceVector: v,
    genreAffinities: { crime: 0.7, 'sci-fi': 0.25 },
    temporalPatterns: { hourly: new Array(24).fill(1 / 24), weekday: new Array(7).fill(1 / 7) },
    interactionCount: 12,
    updatedAt: new Date(Date.UTC(2024, 4, 1, 12, 30)),
  };
}

/** The contract every {@link ProfileRepository} must meet. */
export function profileRepositorySpec(
  make: StoreFactory<ProfileRepository>,
  options: SpecOptions<ProfileRepository> & { dimension?: number } = {},
): ConformanceCase[] {
  const d = options.dimension ?? 8;
  return defineCases(make, options, {
    'profiles: put then get returns an equal profile': async (repo) => {
      const p = profile('u1', d);
      await repo.put(p);
      const got = await repo.get('u1');
      assert.ok(got);
      assert.ok(got.preferenceVector instanceof Float32Array, 'preferenceVector is a Float32Array');
      assert.deepEqual(Array.from(got.preferenceVector), Array.from(p.preferenceVector));
      assert.deepEqual({ ...got, preferenceVector: null }, { ...p, preferenceVector: null });
      assert.equal(await repo.get('u2'), undefined);
    },
    'profiles: put replaces': async (repo) => {
      await repo.put(profile('u1', d));
      await repo.put({ ...profile('u1', d), interactionCount: 13, genreAffinities: {} });
      const got = await repo.get('u1');
      assert.equal(got?.interactionCount, 13);
      assert.deepEqual(got?.genreAffinities, {});
    },
    'profiles: delete reports whether a profile existed': async (repo) => {
      await repo.put(profile('u1', d));
      assert.equal(await repo.delete('u1'), true);
      assert.equal(await repo.delete('u1'), false);
      assert.equal(await repo.get('u1'), undefined);
    },
    'profiles: hostile user ids and genres are stored verbatim': async (repo) => {
      for (const s of HOSTILE_STRINGS) {
        await repo.put({ ...profile(s, d), genreAffinities: { [s]: 0.5 } });
        assert.deepEqual((await repo.get(s))?.genreAffinities, { [s]: 0.5 });
      }
    },
  });
}
