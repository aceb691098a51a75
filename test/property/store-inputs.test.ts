import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SonaError } from '../../src/index.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';
import { createPgliteStores, type PgliteStores } from '../../src/stores/pglite/index.js';
import type { StoreSet } from '../../src/stores/types.js';
import { HOSTILE_STRINGS, collect } from '../../src/testing/index.js';

// Every method of every store port, called with hostile values of the declared types (SQL and
// control characters, NUL, huge, negative and non-finite numbers, deep objects) and, one time in
// ten per argument, a value of the wrong type. Each call must
// succeed or throw a SonaError with a code, and nothing non-finite may be stored.
const D = 4;
// Wrong JavaScript types, for hosts that call stores directly without TypeScript.
const wrong = fc.constantFrom<unknown>(null, undefined, 42, Number.NaN, {}, [], true, 'not-an-array');
const orWrong = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: wrong as fc.Arbitrary<T> });
const text = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, '', '\u0000nul', 'x'.repeat(600), 'u1', 'item-1'), fc.string({ maxLength: 12 }));
const id = orWrong(fc.oneof(fc.constantFrom('u1', 'u2', 'item-1', 'item-2', 'exp'), text));
const ids = orWrong(fc.array(id, { maxLength: 4 }));
const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0, 1, 2 ** 31, 1e308, 0.5));
const deep = fc.oneof(fc.object({ maxDepth: 4 }), fc.constant({ a: { b: { c: [Number.NaN, Infinity, 'x'] } } }));
const vector = fc.oneof(
  fc.array(fc.double(), { minLength: D, maxLength: D }).map((v) => Float32Array.from(v)),
  fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: D, maxLength: D }).map((v) => Float32Array.from(v)),
  fc.array(fc.double(), { maxLength: 6 }).map((v) => Float32Array.from(v)),
);
const date = fc.oneof(fc.date(), fc.constant(new Date(Number.NaN)));
const bytes = orWrong(fc.uint8Array({ maxLength: 64 }));
const item = fc.record(
  { id, title: text, genres: fc.array(text, { maxLength: 3 }), popularity: num, runtimeMinutes: num, releaseYear: num, metadata: deep },
  { requiredKeys: ['id', 'title'] },
);
const event = fc.record({
  id,
  userId: id,
  contentId: id,
  type: fc.constantFrom('view', 'complete', 'rate', 'like', 'dislike', 'dismiss', 'click', 'play' as const),
  completion: num,
  rating: num,
  rewatch: fc.boolean(),
  timestamp: num,
});
const profile = orWrong(
  fc.record({
    userId: id,
    preferenceVector: vector,
    genreAffinities: fc.dictionary(text, num, { maxKeys: 3 }),
    temporalPatterns: fc.record({ hourly: fc.array(num, { minLength: 24, maxLength: 24 }), weekday: fc.array(num, { minLength: 7, maxLength: 7 }) }),
    interactionCount: num,
    updatedAt: date,
  }),
);
const attributes = orWrong(
  fc.record({
    userId: id,
    demographics: fc.dictionary(text, text, { maxKeys: 3 }),
    preferredGenres: fc.array(text, { maxLength: 3 }),
    updatedAt: date,
  }),
);
const options = orWrong(fc.oneof(fc.constant(undefined), fc.record({ batchSize: num, limit: num }, { requiredKeys: [] })));
const experiment = fc.record(
  {
    name: text,
    description: text,
    status: fc.constantFrom('draft', 'running', 'paused', 'completed' as const),
    trafficAllocation: num,
    seed: text,
    startsAt: date,
    endsAt: date,
    variants: fc.array(fc.record({ name: text, weight: num, config: deep }), { maxLength: 3 }),
  },
  { requiredKeys: ['name', 'variants'] },
);

type Call = (s: StoreSet) => Promise<unknown>;
const drain = async (it: AsyncIterable<unknown[]>) => collect(it);
const call: fc.Arbitrary<[string, Call]> = fc.oneof(
  fc.tuple(fc.array(item, { maxLength: 2 })).map(([a]) => ['content.upsert', (s: StoreSet) => s.content.upsert(a as never)] as [string, Call]),
  fc.tuple(id).map(([a]) => ['content.get', (s: StoreSet) => s.content.get(a)] as [string, Call]),
  fc.tuple(ids).map(([a]) => ['content.getMany', (s: StoreSet) => s.content.getMany(a)] as [string, Call]),
  fc.tuple(ids).map(([a]) => ['content.missing', (s: StoreSet) => s.content.missing(a)] as [string, Call]),
  fc.tuple(options).map(([o]) => ['content.scan', (s: StoreSet) => drain(s.content.scan(o as never))] as [string, Call]),
  fc.tuple(ids).map(([a]) => ['content.delete', (s: StoreSet) => s.content.delete(a)] as [string, Call]),
  fc.tuple(fc.array(event, { maxLength: 3 })).map(([a]) => ['events.append', (s: StoreSet) => s.events.append(a as never)] as [string, Call]),
  fc.tuple(id, options).map(([u, o]) => ['events.listByUser', (s: StoreSet) => s.events.listByUser(u, o as never)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['events.countByUser', (s: StoreSet) => s.events.countByUser(u)] as [string, Call]),
  fc.tuple(options).map(([o]) => ['events.scan', (s: StoreSet) => drain(s.events.scan(o as never))] as [string, Call]),
  fc.tuple(id).map(([u]) => ['events.deleteUser', (s: StoreSet) => s.events.deleteUser(u)] as [string, Call]),
  fc.tuple(profile).map(([p]) => ['profiles.put', (s: StoreSet) => s.profiles.put(p)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['profiles.get', (s: StoreSet) => s.profiles.get(u)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['profiles.delete', (s: StoreSet) => s.profiles.delete(u)] as [string, Call]),
  fc.tuple(attributes).map(([a]) => ['profiles.putAttributes', (s: StoreSet) => s.profiles.putAttributes(a)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['profiles.getAttributes', (s: StoreSet) => s.profiles.getAttributes(u)] as [string, Call]),
  fc.tuple(options).map(([o]) => ['profiles.listAttributes', (s: StoreSet) => drain(s.profiles.listAttributes(o as never))] as [string, Call]),
  fc
    .tuple(fc.array(fc.record({ id, vector, fingerprint: text }, { requiredKeys: ['id', 'vector'] }), { maxLength: 2 }))
    .map(([r]) => ['vectors.upsert', (s: StoreSet) => s.vectors.upsert(r)] as [string, Call]),
  fc.tuple(ids).map(([a]) => ['vectors.get', (s: StoreSet) => s.vectors.get(a)] as [string, Call]),
  fc.tuple(ids).map(([a]) => ['vectors.fingerprints', (s: StoreSet) => s.vectors.fingerprints(a)] as [string, Call]),
  fc.tuple(ids).map(([a]) => ['vectors.delete', (s: StoreSet) => s.vectors.delete(a)] as [string, Call]),
  fc
    .tuple(vector, num, fc.option(ids), fc.option(ids))
    .map(
      ([v, k, only, not]) =>
        ['vectors.query', (s: StoreSet) => s.vectors.query(v, { k, ...(only ? { ids: only } : {}), ...(not ? { excludeIds: not } : {}) })] as [string, Call],
    ),
  fc.tuple(id, bytes, deep).map(([n, b, m]) => ['models.save', (s: StoreSet) => s.models.save(n, b, m)] as [string, Call]),
  fc.tuple(id).map(([n]) => ['models.latest', (s: StoreSet) => s.models.latest(n)] as [string, Call]),
  fc.tuple(id, num).map(([n, v]) => ['models.get', (s: StoreSet) => s.models.get(n, v)] as [string, Call]),
  fc.tuple(id).map(([n]) => ['models.list', (s: StoreSet) => s.models.list(n)] as [string, Call]),
  fc.tuple(id, fc.option(num)).map(([n, v]) => ['models.delete', (s: StoreSet) => s.models.delete(n, v ?? undefined)] as [string, Call]),
  fc.tuple(id, id, bytes, num).map(([u, n, b, it]) => ['adapters.save', (s: StoreSet) => s.adapters.save(u, n, b, it)] as [string, Call]),
  fc.tuple(id, id).map(([u, n]) => ['adapters.latest', (s: StoreSet) => s.adapters.latest(u, n)] as [string, Call]),
  fc.tuple(id, id, num).map(([u, n, v]) => ['adapters.get', (s: StoreSet) => s.adapters.get(u, n, v)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['adapters.list', (s: StoreSet) => s.adapters.list(u)] as [string, Call]),
  fc.tuple(id, id, fc.option(num)).map(([u, n, v]) => ['adapters.delete', (s: StoreSet) => s.adapters.delete(u, n, v ?? undefined)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['adapters.deleteUser', (s: StoreSet) => s.adapters.deleteUser(u)] as [string, Call]),
  fc.tuple(experiment).map(([e]) => ['experiments.create', (s: StoreSet) => s.experiments.create(e as never)] as [string, Call]),
  fc.tuple(id).map(([e]) => ['experiments.get', (s: StoreSet) => s.experiments.get(e)] as [string, Call]),
  fc.tuple(id).map(([e]) => ['experiments.getByName', (s: StoreSet) => s.experiments.getByName(e)] as [string, Call]),
  fc
    .tuple(fc.option(fc.constantFrom('draft', 'running', 'paused', 'completed' as const)))
    .map(([st]) => ['experiments.list', (s: StoreSet) => s.experiments.list(st ? { status: st } : {})] as [string, Call]),
  fc
    .tuple(
      id,
      fc.record({ status: fc.constantFrom('draft', 'running', 'paused', 'completed' as const), trafficAllocation: num, seed: text }, { requiredKeys: [] }),
    )
    .map(([e, p]) => ['experiments.update', (s: StoreSet) => s.experiments.update(e, p)] as [string, Call]),
  fc.tuple(id).map(([e]) => ['experiments.delete', (s: StoreSet) => s.experiments.delete(e)] as [string, Call]),
  fc.tuple(id, id, id).map(([e, u, v]) => ['experiments.assign', (s: StoreSet) => s.experiments.assign(e, u, v)] as [string, Call]),
  fc.tuple(id, id).map(([e, u]) => ['experiments.getAssignment', (s: StoreSet) => s.experiments.getAssignment(e, u)] as [string, Call]),
  fc.tuple(id, id, id, deep).map(([e, u, v, c]) => ['experiments.recordExposure', (s: StoreSet) => s.experiments.recordExposure(e, u, v, c)] as [string, Call]),
  fc
    .tuple(id, id, id, text, num, deep)
    .map(([e, u, v, m, x, d]) => ['experiments.recordConversion', (s: StoreSet) => s.experiments.recordConversion(e, u, v, m, x, d)] as [string, Call]),
  fc.tuple(id).map(([e]) => ['experiments.totals', (s: StoreSet) => s.experiments.totals(e)] as [string, Call]),
  fc.tuple(text, id, deep, num).map(([k, u, v, t]) => ['cache.set', (s: StoreSet) => s.cache.set(k, u, v, t)] as [string, Call]),
  fc.tuple(text).map(([k]) => ['cache.get', (s: StoreSet) => s.cache.get(k)] as [string, Call]),
  fc.tuple(id).map(([u]) => ['cache.invalidateUser', (s: StoreSet) => s.cache.invalidateUser(u)] as [string, Call]),
  fc.constant(['cache.clear', (s: StoreSet) => s.cache.clear()] as [string, Call]),
);

/** Succeeds, or throws a SonaError with a code; anything else fails the property with the method's name. */
async function check(stores: StoreSet, [name, run]: [string, Call]): Promise<void> {
  try {
    await run(stores);
  } catch (error) {
    if (error instanceof SonaError && typeof error.code === 'string') return;
    throw new Error(`${name} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

/** Every number that can be read back from the stores is finite. */
async function assertNothingNonFinite(stores: StoreSet): Promise<void> {
  const finite = (x: unknown, where: string) => expect(Number.isFinite(x), where).toBe(true);
  for (const e of await collect(stores.events.scan())) {
    finite(e.timestamp, 'event timestamp');
    if (e.completion !== undefined) finite(e.completion, 'event completion');
    if (e.rating !== undefined) finite(e.rating, 'event rating');
  }
  for (const c of await collect(stores.content.scan())) {
    for (const key of ['popularity', 'runtimeMinutes', 'releaseYear'] as const) if (c[key] !== undefined) finite(c[key], `content ${key}`);
    JSON.stringify(c.metadata ?? {}, (_k, v: unknown) => (typeof v === 'number' && finite(v, 'content metadata'), v));
  }
  for (const userId of ['u1', 'u2', ...HOSTILE_STRINGS]) {
    const p = await stores.profiles.get(userId);
    if (p) {
      for (const x of p.preferenceVector) finite(x, 'profile vector');
      finite(p.interactionCount, 'profile count');
      for (const x of [...p.temporalPatterns.hourly, ...p.temporalPatterns.weekday, ...Object.values(p.genreAffinities)]) finite(x, 'profile pattern');
    }
  }
  for (const v of (await stores.vectors.get(['u1', 'u2', 'item-1', 'item-2', ...HOSTILE_STRINGS])).values()) for (const x of v) finite(x, 'stored vector');
  for (const e of await stores.experiments.list()) {
    finite(e.trafficAllocation, 'experiment traffic');
    for (const v of e.variants) finite(v.weight, 'variant weight');
    for (const t of await stores.experiments.totals(e.id))
      for (const m of Object.values(t.metrics ?? {})) for (const x of Object.values(m)) finite(x, 'conversion total');
  }
}

describe('store methods under hostile input', () => {
  let pglite: PgliteStores;
  beforeAll(async () => {
    pglite = await createPgliteStores({ dimension: D, vectorIndex: 'exact' });
  }, 60_000);
  afterAll(async () => {
    await pglite?.close();
  });

  it('memory stores: 4,000 calls succeed or throw SonaError, nothing non-finite stored', async () => {
    const stores = createMemoryStores({ dimension: D });
    await fc.assert(
      fc.asyncProperty(call, (c) => check(stores, c)),
      { numRuns: 4000, seed: 7 },
    );
    await assertNothingNonFinite(stores);
  }, 300_000);

  it('PGlite stores: 1,500 calls succeed or throw SonaError, nothing non-finite stored', async () => {
    await fc.assert(
      fc.asyncProperty(call, (c) => check(pglite.stores, c)),
      { numRuns: 1500, seed: 8 },
    );
    await assertNothingNonFinite(pglite.stores);
  }, 300_000);
});
