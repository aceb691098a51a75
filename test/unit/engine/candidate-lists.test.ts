import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CandidateLists } from '../../../src/engine/pipeline/candidate-lists.js';
import { ModelSource } from '../../../src/sources/model-source.js';
import { createEngine, type SonaEngine } from '../../../src/index.js';
import { syntheticCatalog, syntheticEvents } from '../../../bench/synthetic.js';

const T0 = Date.UTC(2025, 0, 1);
const ITEMS = 300;

/** Two engines fed the same data, one keeping candidate lists and one not. */
async function twins(): Promise<[SonaEngine, SonaEngine]> {
  const make = async (candidateLists: number) => {
    const engine = await createEngine({ clock: () => T0 + 40 * 86_400_000, cache: { enabled: false }, recommend: { candidateLists } });
    await engine.upsertContent(syntheticCatalog(ITEMS));
    await engine.track(syntheticEvents(40, 12, ITEMS, T0));
    await engine.fit({ tune: false });
    return engine;
  };
  return [await make(100), await make(0)];
}

const view = (r: Awaited<ReturnType<SonaEngine['recommend']>>) => r.map((x) => [x.itemId, x.score, x.explanation, x.sources]);

/** One step of a session, applied to both engines. */
type Step =
  | { kind: 'recommend'; user: number; count: number; exclude: number[] }
  | { kind: 'track'; user: number; item: number }
  | { kind: 'upsert'; item: number }
  | { kind: 'remove'; item: number }
  | { kind: 'fit' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('recommend' as const),
      user: fc.nat(6),
      count: fc.integer({ min: 1, max: 15 }),
      exclude: fc.array(fc.nat(ITEMS), { maxLength: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('track' as const), user: fc.nat(6), item: fc.nat(ITEMS + 5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('upsert' as const), item: fc.nat(ITEMS + 5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), item: fc.nat(ITEMS) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fit' as const }) },
);

/** What a step gave, or the code of the error it threw (unknown items are refused alike). */
async function apply(engine: SonaEngine, s: Step, i: number): Promise<unknown> {
  try {
    return await run(engine, s, i);
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

async function run(engine: SonaEngine, s: Step, i: number): Promise<unknown> {
  switch (s.kind) {
    case 'recommend':
      return view(await engine.recommend(`user-${s.user}`, { count: s.count, exclude: s.exclude.map((k) => `item-${k}`) }));
    case 'track':
      return (await engine.track({ userId: `user-${s.user}`, contentId: `item-${s.item}`, type: 'complete', timestamp: T0 + 35 * 86_400_000 + i })).stored;
    case 'upsert':
      return engine.upsertContent([{ id: `item-${s.item}`, title: `Remade ${s.item} ${i}`, genres: ['Drama', 'Crime'] }]).then(() => 'ok');
    case 'remove':
      return engine.deleteContent([`item-${s.item}`]).then(() => 'ok');
    case 'fit':
      return engine.fit({ tune: false }).then(() => 'ok');
  }
}

describe('kept candidate lists', () => {
  it('never change a response: any session gives the same results with lists kept or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const [kept, fresh] = await twins();
        try {
          for (const [i, s] of steps.entries()) expect(await apply(kept, s, i)).toEqual(await apply(fresh, s, i));
        } finally {
          await Promise.all([kept.close(), fresh.close()]);
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('serve a returning user from the kept lists, and an event tracked a moment ago changes the next list', async () => {
    const [engine, other] = await twins();
    await other.close();
    const first = await engine.recommendDetailed('user-3', { count: 5 });
    const again = await engine.recommendDetailed('user-3', { count: 5 });
    expect(again.items).toEqual(first.items);
    const top = first.items[0]!.itemId;
    await engine.track({ userId: 'user-3', contentId: top, type: 'complete', timestamp: T0 + 39 * 86_400_000 });
    const next = await engine.recommend('user-3', { count: 5 });
    expect(next.map((r) => r.itemId)).not.toContain(top);
    await engine.close();
  });

  it('are refreshed in the background after the user’s event and after a refit, so the next request asks no source again', async () => {
    const [engine, other] = await twins();
    await other.close();
    await engine.recommend('user-4', { count: 5 });
    const asked = vi.spyOn(ModelSource.prototype, 'candidates');
    const scored = vi.spyOn(ModelSource.prototype, 'score');
    const idle = () => new Promise((resolve) => setTimeout(resolve, 100));
    await engine.track({ userId: 'user-4', contentId: 'item-7', type: 'complete', timestamp: T0 + 39 * 86_400_000 });
    await idle();
    const refreshed = asked.mock.calls.length;
    expect(refreshed).toBeGreaterThan(0); // the refresh asked the model sources
    await engine.recommend('user-4', { count: 5 });
    expect(asked.mock.calls.length).toBe(refreshed); // the request did not
    expect(scored.mock.calls.length).toBeGreaterThan(0); // the refresh scored the other sources' candidates
    const scoredBefore = scored.mock.calls.length;
    await engine.recommend('user-4', { count: 5 });
    expect(scored.mock.calls.length).toBe(scoredBefore); // a returning request finds those scores kept
    await engine.fit({ tune: false });
    await idle();
    const afterFit = asked.mock.calls.length;
    expect(afterFit).toBeGreaterThan(refreshed);
    await engine.recommend('user-4', { count: 5 });
    expect(asked.mock.calls.length).toBe(afterFit);
    asked.mockRestore();
    scored.mockRestore();
    await engine.close();
  });

  it('are refreshed from the sources the user’s own requests weight (their experiment variant), not the engine’s defaults', async () => {
    const [engine, other] = await twins();
    await other.close();
    await engine.experiments.create({
      name: 'knn-only',
      variants: [
        { name: 'control', weight: 0.5 },
        { name: 'knn', weight: 0.5, config: { sources: ['item-knn'] } },
      ],
    });
    await engine.experiments.start('knn-only');
    const users = Array.from({ length: 7 }, (_, i) => `user-${i}`);
    const assigned = await Promise.all(users.map(async (u) => ({ u, variant: (await engine.experiments.assign('knn-only', u))?.variant.name })));
    const user = assigned.find((a) => a.variant === 'knn')!.u;
    await engine.recommend(user, { count: 5 });
    const asked = vi.spyOn(ModelSource.prototype, 'candidates');
    const askedNames = () => new Set(asked.mock.contexts.map((source) => (source as { name: string }).name));
    await engine.track({ userId: user, contentId: 'item-7', type: 'complete', timestamp: T0 + 39 * 86_400_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The variant's request asks item-kNN alone; the refresh asked it, and no model it never weights.
    expect([...askedNames()]).toEqual(['item-knn']);
    const refreshed = asked.mock.calls.length;
    await engine.recommend(user, { count: 5 });
    expect(asked.mock.calls.length).toBe(refreshed);
    asked.mockRestore();
    await engine.close();
  });

  it('keep at most the configured number of users, and drop a forgotten user’s', async () => {
    const engine = await createEngine({ clock: () => T0 + 30 * 86_400_000, cache: { enabled: false }, recommend: { candidateLists: 3 } });
    await engine.upsertContent(syntheticCatalog(50));
    await engine.track(syntheticEvents(6, 5, 50, T0 - 86_400_000));
    await engine.fit({ tune: false });
    const lists = (engine as unknown as { rt: { lists: { size: number } } }).rt.lists;
    for (let u = 0; u < 6; u++) await engine.recommend(`user-${u}`);
    expect(lists.size).toBe(3);
    await engine.forgetUser('user-5');
    expect(lists.size).toBe(2);
    await engine.close();
  });
});

describe('kept scores', () => {
  const catalog = { isLive: () => true, ids: { idAt: (i: number) => `item-${i}`, indexOf: (id: string) => Number(id.slice(5)) } } as never;
  const source = { name: 'model', role: 'personal', defaultWeight: 1, candidates: async () => [] } as const;
  const items = (...indices: number[]) => indices.map((index) => ({ itemId: `item-${index}`, index }));

  it('give back what the source scored, remember the items it gave no score, and ask only about new ones', () => {
    const lists = new CandidateLists(10);
    lists.keep(source, 'u', 's1', [{ itemId: 'item-1', score: 3, reason: 'r' }], 5, catalog);
    expect(lists.scoresOf(source, 'u', 's1', items(4, 2))).toEqual({ known: [], unknown: items(4, 2) });
    lists.rememberScores(source, 'u', 's1', items(4, 2), [{ itemId: 'item-4', score: 0.5, reason: 'r' }]);
    lists.rememberScores(source, 'u', 's1', items(3), [{ itemId: 'item-3', score: -1, reason: 'r' }]);
    // item-2 was asked and given no score: it is neither returned nor asked again.
    expect(lists.scoresOf(source, 'u', 's1', items(2, 3, 4, 7))).toEqual({
      known: [
        { itemId: 'item-3', score: -1, reason: 'r' },
        { itemId: 'item-4', score: 0.5, reason: 'r' },
      ],
      unknown: items(7),
    });
    // A source may answer in another order than asked.
    lists.rememberScores(source, 'u', 's1', items(9, 8), [
      { itemId: 'item-8', score: 8, reason: 'r' },
      { itemId: 'item-9', score: 9, reason: 'r' },
    ]);
    expect(lists.scoresOf(source, 'u', 's1', items(9, 8))?.known.map((c) => c.score)).toEqual([9, 8]);
    // Another stamp (a refit, an event) finds nothing.
    expect(lists.scoresOf(source, 'u', 's2', items(4))).toBeUndefined();
  });

  it('give way past a few thousand per source rather than grow without bound', () => {
    const lists = new CandidateLists(10);
    lists.keep(source, 'u', 's1', [], 5, catalog);
    const batch = (from: number, n: number) => items(...Array.from({ length: n }, (_, k) => from + k));
    const scoresFor = (asked: ReturnType<typeof items>) => asked.map((x) => ({ itemId: x.itemId, score: 1 }));
    lists.rememberScores(source, 'u', 's1', batch(0, 3000), scoresFor(batch(0, 3000)));
    lists.rememberScores(source, 'u', 's1', batch(3000, 2000), scoresFor(batch(3000, 2000)));
    expect(lists.scoresOf(source, 'u', 's1', batch(0, 2))?.unknown).toEqual(batch(0, 2));
    expect(lists.scoresOf(source, 'u', 's1', batch(3000, 2))?.known).toHaveLength(2);
  });

  it('are not kept when the source’s reasons differ between items', () => {
    const lists = new CandidateLists(10);
    lists.keep(source, 'u', 's1', [], 5, catalog);
    lists.rememberScores(source, 'u', 's1', items(1, 2), [
      { itemId: 'item-1', score: 1, reason: 'a' },
      { itemId: 'item-2', score: 1, reason: 'b' },
    ]);
    expect(lists.scoresOf(source, 'u', 's1', items(1, 2))?.unknown).toEqual(items(1, 2));
  });
});
