import { describe, expect, it } from 'vitest';
import { DEFAULTS, createEngine, type TrackedEvent } from '../../../src/index.js';
import { foldInteractions } from '../../../src/algorithms/profile/engagement.js';
import { resolveTuning } from '../../../src/engine/config.js';
import { profileParams } from '../../../src/engine/profiles.js';
import { GraphSource } from '../../../src/sources/graph/index.js';
import { CATALOG } from '../../fixtures/catalog.js';

const T0 = Date.UTC(2025, 0, 1);
const graphOnly = { graph: 1, trending: 0, content: 0, collaborative: 0, 'item-knn': 0, context: 0 };
/** The items the walk reached (a list it cannot fill is filled from trending, which has no weight here). */
const walked = (recs: ReadonlyArray<{ itemId: string; sources: ReadonlyArray<{ source: string }> }>) =>
  recs.filter((r) => r.sources.some((s) => s.source === 'graph')).map((r) => r.itemId);

describe('graph source (personalized PageRank)', () => {
  it('walks from the user’s items through shared attributes and other viewers, updated incrementally', async () => {
    const engine = await createEngine({
      clock: () => T0,
      blend: { weights: graphOnly },
      diversity: { lambda: 1, maxGenreShare: 1 },
      cache: { enabled: false },
    });
    await engine.upsertContent(CATALOG);
    await engine.track([
      { userId: 'u', contentId: 'heat', type: 'complete', timestamp: T0 - 2000 },
      { userId: 'u', contentId: 'casino', type: 'complete', timestamp: T0 - 1000 },
    ]);
    const first = await engine.recommend('u', { count: 10 });
    const ids = walked(first);
    // Crime films share genres, cast and a director with what u watched; they come first.
    expect(ids.slice(0, 3).sort()).toEqual(['collateral', 'goodfellas', 'ronin']);
    expect(ids).not.toContain('koyaanisqatsi'); // no path to it
    expect(ids).not.toContain('up');
    expect(first[0]!.sources[0]!.source).toBe('graph');
    expect(first[0]!.explanation).toBe('Shares Robert De Niro with Heat');

    // Another viewer links Heat to Up: now there is a path (item → viewer → item).
    await engine.track({ userId: 'other', contentId: 'heat', type: 'complete', timestamp: T0 - 500 });
    await engine.track({ userId: 'other', contentId: 'up', type: 'complete', timestamp: T0 - 400 });
    expect(walked(await engine.recommend('u', { count: 10 }))).toContain('up');

    // A new Michael Mann film is reachable at once.
    await engine.upsertContent({ id: 'thief', title: 'Thief', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'] });
    expect(walked(await engine.recommend('u', { count: 6 }))).toContain('thief');

    // Forgetting the other viewer removes the path.
    await engine.forgetUser('other');
    expect(walked(await engine.recommend('u', { count: 10 }))).not.toContain('up');
  });
});

describe('graph source neighbour cache', () => {
  it('walks exactly as a fresh source after items, events, deletions and forgotten users', async () => {
    const engagement = profileParams(resolveTuning({}));
    const options = { ...DEFAULTS.graph, tolerance: 1e-6 };
    const kept = new GraphSource(engagement, options);
    const ops: Array<(s: GraphSource) => void> = [
      (s) => s.addItems(CATALOG),
      (s) => s.addEvents(['heat', 'casino', 'ronin'].map((id, i) => event('u', id, i))),
      (s) => s.addEvents([event('v', 'heat', 5), event('v', 'up', 6), event('w', 'ronin', 7)]),
      (s) => s.addItems([{ id: 'thief', title: 'Thief', genres: ['Crime'], directors: ['Michael Mann'] }]),
      (s) => s.addItems([{ ...CATALOG.find((c) => c.id === 'up')!, genres: ['Crime'] }]), // new attributes for an item
      (s) => s.addEvents([{ ...event('u', 'ronin', 8), type: 'dismiss' }]),
      (s) => s.removeItems(['casino']),
      (s) => s.forgetUser('v'),
    ];
    const request = async (s: GraphSource) => {
      const interactions = foldInteractions([event('u', 'heat', 1), event('u', 'collateral', 2)], { min: 1, max: 5 });
      return s.candidates({ userId: 'u', interactions, excluded: new Set(), limit: 20, now: T0 });
    };
    for (let i = 0; i < ops.length; i++) {
      ops[i]!(kept);
      const fresh = new GraphSource(engagement, options);
      for (const op of ops.slice(0, i + 1)) op(fresh);
      const [a, b] = [await request(kept), await request(fresh)];
      expect(a.map((c) => c.itemId)).toEqual(b.map((c) => c.itemId));
      a.forEach((c, j) => expect(c.score).toBeCloseTo(b[j]!.score, 12));
    }
  });
});

function event(userId: string, contentId: string, i: number): TrackedEvent {
  return { id: `${userId}-${contentId}-${i}`, userId, contentId, type: 'complete', timestamp: T0 - 10_000 + i, rewatch: false };
}

describe('a lazy source (the graph at weight 0)', () => {
  it('gets no items or events while unweighted, and the stores replayed when a variant first weighs it', async () => {
    const added: string[] = [];
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false } });
    await engine.upsertContent(CATALOG);
    await engine.track([
      { userId: 'u', contentId: 'heat', type: 'complete', timestamp: T0 - 2000 },
      { userId: 'other', contentId: 'heat', type: 'complete', timestamp: T0 - 1500 },
      { userId: 'other', contentId: 'up', type: 'complete', timestamp: T0 - 1000 },
    ]);
    // Default weights: the graph asleep, so its source never saw a node.
    const before = await engine.recommendDetailed('u', { count: 5 });
    expect(before.sources.find((s) => s.source === 'graph')?.weight ?? 0).toBe(0);
    const graph = (engine as unknown as { rt: { sources: { get(n: string): GraphSource; isDormant(n: string): boolean } } }).rt.sources;
    expect(graph.isDormant('graph')).toBe(true);
    const source = graph.get('graph');
    const original = source.addItems.bind(source);
    source.addItems = (items) => {
      added.push(...items.map((i) => i.id));
      original(items);
    };
    await engine.upsertContent({ id: 'thief', title: 'Thief', genres: ['Crime'], directors: ['Michael Mann'] });
    expect(added).toEqual([]);
    // A variant that weighs the graph wakes it: the whole catalogue and every event replayed.
    await engine.experiments.create({
      name: 'walk',
      variants: [
        { name: 'control', weight: 0 },
        { name: 'graph', weight: 1, config: { weights: { graph: 1 }, sources: ['graph'] } },
      ],
    });
    await engine.experiments.start('walk');
    const walked = await engine.recommendDetailed('u', { count: 10 });
    expect(graph.isDormant('graph')).toBe(false);
    expect(new Set(added)).toEqual(new Set([...CATALOG.map((c) => c.id), 'thief']));
    // The walk reaches Up through the other viewer of Heat: the events were replayed too.
    expect(walked.items.map((r) => r.itemId)).toContain('up');
    expect(walked.items[0]!.sources[0]!.source).toBe('graph');
    // Live changes reach it from now on.
    await engine.upsertContent({ id: 'collateral-2', title: 'Collateral 2', genres: ['Crime'], directors: ['Michael Mann'] });
    expect(added).toContain('collateral-2');
  });
});
