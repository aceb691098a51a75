import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SonaError, createEngine } from '../../src/index.js';
import { isFiniteVector } from '../../src/core/vector.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';
import { HOSTILE_STRINGS } from '../../src/testing/index.js';
import { CATALOG } from '../fixtures/catalog.js';

/** Anything a caller might pass: hostile strings, odd numbers, wrong types, deep objects. */
const anything = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string(),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0, 1e308, -1e308, 2 ** 53),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 3 }),
);
const maybeId = fc.oneof(fc.constantFrom(...CATALOG.map((c) => c.id)), anything);

/** Runs `call`; it must succeed or throw a SonaError with a code, never anything else. */
async function succeedsOrSonaError(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof SonaError && typeof error.code === 'string') return true;
    throw error;
  }
}

describe('engine public methods under arbitrary input', () => {
  it('track, recommend, similarItems, upsertContent and getProfile succeed or throw SonaError; stored vectors stay finite', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const engine = await createEngine({ stores, clock: () => Date.UTC(2025, 0, 1), cache: { enabled: false } });
    await engine.upsertContent(CATALOG);
    const event = fc.record(
      {
        userId: maybeId,
        contentId: maybeId,
        type: fc.oneof(fc.constantFrom('view', 'complete', 'rate', 'like', 'dislike', 'dismiss', 'click', 'play'), anything),
        completion: anything,
        rating: anything,
        timestamp: anything,
        id: anything,
        context: anything,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(event, fc.array(event, { maxLength: 3 }), anything),
        maybeId,
        fc.record(
          { count: anything, exclude: anything, context: anything, allow: anything, excludeWatched: anything, diversity: anything, preferredGenres: anything },
          { requiredKeys: [] },
        ),
        fc.record({ id: maybeId, title: anything, genres: anything, popularity: anything, runtimeMinutes: anything, metadata: anything }, { requiredKeys: [] }),
        async (events, userId, options, item) => {
          expect(await succeedsOrSonaError(() => engine.track(events as never))).toBe(true);
          expect(await succeedsOrSonaError(() => engine.recommend(userId as string, options as never))).toBe(true);
          expect(await succeedsOrSonaError(() => engine.similarItems(userId as string, options as never))).toBe(true);
          expect(await succeedsOrSonaError(() => engine.getProfile(userId as string))).toBe(true);
          expect(await succeedsOrSonaError(() => engine.upsertContent(item as never))).toBe(true);
        },
      ),
      { numRuns: 2500, seed: 42 },
    );
    for (const userId of ['u1', ...CATALOG.map((c) => c.id)]) {
      const profile = await stores.profiles.get(userId);
      if (profile) expect(isFiniteVector(profile.preferenceVector)).toBe(true);
    }
    await engine.close();
  }, 300_000);
});
