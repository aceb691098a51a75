import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SonaError, createEngine, type SonaEngine } from '../../src/index.js';
import { isFiniteVector } from '../../src/core/vector.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';
import { collect } from '../../src/testing/index.js';
import { CATALOG } from '../fixtures/catalog.js';

import { anything, calls, known, type Call } from '../fixtures/fuzz.js';

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
