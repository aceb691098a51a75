import assert from 'node:assert/strict';
import type { UserAttributes, UserProfile } from '../core/types.js';
import type { ProfileRepository } from '../stores/types.js';
import { collect, defineCases, HOSTILE_STRINGS, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

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

function attributes(userId: string): UserAttributes {
  return { userId, demographics: { ageBand: '25-34', country: 'BE' }, preferredGenres: ['Crime', 'Sci-Fi'], updatedAt: new Date(Date.UTC(2024, 4, 2)) };
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
    'profiles: attributes round-trip, replace, and exist without a profile': async (repo) => {
      await repo.putAttributes(attributes('new'));
      assert.deepEqual(await repo.getAttributes('new'), attributes('new'));
      assert.equal(await repo.get('new'), undefined);
      await repo.putAttributes({ ...attributes('new'), demographics: {}, preferredGenres: [] });
      assert.deepEqual((await repo.getAttributes('new'))?.demographics, {});
      assert.equal(await repo.getAttributes('nobody'), undefined);
    },
    'profiles: put leaves attributes alone; delete removes both': async (repo) => {
      await repo.putAttributes(attributes('u1'));
      await repo.put(profile('u1', d));
      assert.deepEqual(await repo.getAttributes('u1'), attributes('u1'));
      assert.equal(await repo.delete('u1'), true);
      assert.equal(await repo.getAttributes('u1'), undefined);
      await repo.putAttributes(attributes('only-attributes'));
      assert.equal(await repo.delete('only-attributes'), true);
      assert.equal(await repo.delete('only-attributes'), false);
    },
    'profiles: listAttributes pages through every user once': async (repo) => {
      const ids = Array.from({ length: 7 }, (_, i) => `user-${i}`);
      for (const id of ids) await repo.putAttributes(attributes(id));
      const listed = await collect(repo.listAttributes({ batchSize: 3 }));
      assert.deepEqual(listed.map((a) => a.userId).sort(), ids);
      assert.deepEqual(listed[0]?.demographics, { ageBand: '25-34', country: 'BE' });
    },
    'profiles: hostile user ids, genres and attributes are stored verbatim': async (repo) => {
      for (const s of HOSTILE_STRINGS) {
        await repo.put({ ...profile(s, d), genreAffinities: { [s]: 0.5 } });
        assert.deepEqual((await repo.get(s))?.genreAffinities, { [s]: 0.5 });
        await repo.putAttributes({ ...attributes(s), demographics: { [s]: s }, preferredGenres: [s] });
        assert.deepEqual((await repo.getAttributes(s))?.demographics, { [s]: s });
      }
    },
  });
}
