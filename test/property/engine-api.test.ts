import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SonaError, createEngine, type SonaEngine } from '../../src/index.js';
import { isFiniteVector } from '../../src/core/vector.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';
import { HOSTILE_STRINGS, collect } from '../../src/testing/index.js';
import { CATALOG } from '../fixtures/catalog.js';

// The engine methods engine-inputs.test.ts does not cover, and the experiments service, fed
// anything a caller might pass. Every call succeeds or throws a SonaError with a code.
const anything = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string(),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0, 1, 0.5, 1e308, 2 ** 53),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 3 }),
  fc.date(),
);
const known = ['u1', 'u2', 'exp-a', 'exp-b', ...CATALOG.map((c) => c.id)];
const maybeId = fc.oneof(fc.constantFrom(...known), anything);
const variantInput = fc.record(
  { name: fc.oneof(fc.constantFrom('control', 'treatment'), anything), weight: fc.oneof(fc.constant(0.5), anything), config: anything },
  { requiredKeys: [] },
);
const experimentInput = fc.oneof(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('exp-a', 'exp-b'), anything),
      trafficAllocation: anything,
      seed: anything,
      namespace: anything,
      startsAt: anything,
      endsAt: anything,
      variants: fc.oneof(fc.array(variantInput, { maxLength: 3 }), anything),
    },
    { requiredKeys: [] },
  ),
  anything,
);

type Call = (engine: SonaEngine) => Promise<unknown>;
const calls: fc.Arbitrary<[string, Call]> = fc.oneof(
  fc.tuple(anything).map(([ids]) => ['deleteContent', (e: SonaEngine) => e.deleteContent(ids as never)] as [string, Call]),
  fc.tuple(maybeId, anything).map(([u, o]) => ['recommendDetailed', (e: SonaEngine) => e.recommendDetailed(u as never, o as never)] as [string, Call]),
  fc.tuple(maybeId).map(([u]) => ['forgetUser', (e: SonaEngine) => e.forgetUser(u as never)] as [string, Call]),
  fc.tuple(anything).map(([o]) => ['embedCatalog', (e: SonaEngine) => e.embedCatalog(o as never)] as [string, Call]),
  fc.tuple(maybeId, maybeId, anything).map(([u, i, o]) => ['explain', (e: SonaEngine) => e.explain(u as never, i as never, o as never)] as [string, Call]),
  fc
    .tuple(maybeId, fc.oneof(fc.record({ demographics: anything, preferredGenres: anything }, { requiredKeys: [] }), anything))
    .map(([u, a]) => ['updateUserAttributes', (e: SonaEngine) => e.updateUserAttributes(u as never, a as never)] as [string, Call]),
  fc.tuple(maybeId).map(([u]) => ['getUserAttributes', (e: SonaEngine) => e.getUserAttributes(u as never)] as [string, Call]),
  fc.tuple(maybeId).map(([u]) => ['trainAdapter', (e: SonaEngine) => e.trainAdapter(u as never)] as [string, Call]),
  fc.tuple(maybeId, anything).map(([x, o]) => ['experimentResults', (e: SonaEngine) => e.experimentResults(x as never, o as never)] as [string, Call]),
  fc.tuple(experimentInput).map(([x]) => ['experiments.create', (e: SonaEngine) => e.experiments.create(x as never)] as [string, Call]),
  fc.tuple(maybeId).map(([x]) => ['experiments.get', (e: SonaEngine) => e.experiments.get(x as never)] as [string, Call]),
  fc.tuple(anything).map(([s]) => ['experiments.list', (e: SonaEngine) => e.experiments.list(s as never)] as [string, Call]),
  fc.tuple(maybeId).map(([x]) => ['experiments.start', (e: SonaEngine) => e.experiments.start(x as never)] as [string, Call]),
  fc.tuple(maybeId).map(([x]) => ['experiments.pause', (e: SonaEngine) => e.experiments.pause(x as never)] as [string, Call]),
  fc.tuple(maybeId).map(([x]) => ['experiments.complete', (e: SonaEngine) => e.experiments.complete(x as never)] as [string, Call]),
  fc
    .tuple(maybeId, anything)
    .map(([x, t]) => ['experiments.setTrafficAllocation', (e: SonaEngine) => e.experiments.setTrafficAllocation(x as never, t as never)] as [string, Call]),
  fc.tuple(maybeId, anything).map(([x, s]) => ['experiments.reseed', (e: SonaEngine) => e.experiments.reseed(x as never, s as never)] as [string, Call]),
  fc.tuple(maybeId).map(([x]) => ['experiments.delete', (e: SonaEngine) => e.experiments.delete(x as never)] as [string, Call]),
  fc.tuple(maybeId, maybeId).map(([x, u]) => ['experiments.assign', (e: SonaEngine) => e.experiments.assign(x as never, u as never)] as [string, Call]),
  fc.tuple(maybeId).map(([u]) => ['experiments.activeFor', (e: SonaEngine) => e.experiments.activeFor(u as never)] as [string, Call]),
  fc.tuple(maybeId).map(([u]) => ['experiments.assignedTo', (e: SonaEngine) => e.experiments.assignedTo(u as never)] as [string, Call]),
  fc
    .tuple(maybeId, anything)
    .map(([u, events]) => ['track', (e: SonaEngine) => e.track((events ?? { userId: u, contentId: 'heat', type: 'complete' }) as never)] as [string, Call]),
);

async function check(engine: SonaEngine, [name, run]: [string, Call]): Promise<void> {
  try {
    await run(engine);
  } catch (error) {
    if (error instanceof SonaError && typeof error.code === 'string') return;
    throw new Error(`${name} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

describe('every other engine method under arbitrary input', () => {
  it('4,000 calls succeed or throw SonaError; stored vectors and profiles stay finite', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const engine = await createEngine({ stores, clock: () => Date.UTC(2025, 0, 1), experiments: { refreshMs: 0 }, adapters: { enabled: true, minEvents: 3 } });
    await engine.upsertContent(CATALOG);
    await engine.track(CATALOG.slice(0, 6).map((c, i) => ({ userId: 'u1', contentId: c.id, type: 'complete' as const, timestamp: Date.UTC(2024, 11, 1 + i) })));
    await fc.assert(
      fc.asyncProperty(calls, (c) => check(engine, c)),
      { numRuns: 4000, seed: 11 },
    );
    // fit() under arbitrary options, a few times (it rebuilds everything).
    await fc.assert(
      fc.asyncProperty(anything, (o) => check(engine, ['fit', (e) => e.fit(o as never)])),
      { numRuns: 25, seed: 12 },
    );
    await engine.close();
    for (const batch of await collect(stores.profiles.listAttributes())) expect(batch.userId.length).toBeGreaterThan(0);
    for (const userId of known) {
      const profile = await stores.profiles.get(userId);
      if (profile) expect(isFiniteVector(profile.preferenceVector)).toBe(true);
    }
    for (const vector of (await stores.vectors.get(known)).values()) expect(isFiniteVector(vector)).toBe(true);
  }, 300_000);
});
