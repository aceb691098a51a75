import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/index.js';
import { CATALOG } from '../../fixtures/catalog.js';

const T0 = Date.UTC(2025, 0, 1);
const graphOnly = { graph: 1, trending: 0, content: 0, collaborative: 0, 'item-knn': 0, context: 0 };

describe('graph source (personalized PageRank)', () => {
  it('walks from the user’s items through shared attributes and other viewers, updated incrementally', async () => {
    const engine = await createEngine({ clock: () => T0, blend: { weights: graphOnly }, diversity: { lambda: 1 }, cache: { enabled: false } });
    await engine.upsertContent(CATALOG);
    await engine.track([
      { userId: 'u', contentId: 'heat', type: 'complete', timestamp: T0 - 2000 },
      { userId: 'u', contentId: 'casino', type: 'complete', timestamp: T0 - 1000 },
    ]);
    const first = await engine.recommend('u', { count: 10 });
    const ids = first.map((r) => r.itemId);
    // Crime films share genres, cast and a director with what u watched; they come first.
    expect(ids.slice(0, 3).sort()).toEqual(['collateral', 'goodfellas', 'ronin']);
    expect(ids).not.toContain('koyaanisqatsi'); // no path to it
    expect(ids).not.toContain('up');
    expect(first[0]!.sources[0]!.source).toBe('graph');
    expect(first[0]!.explanation).toBe('Connected to what you watch');

    // Another viewer links Heat to Up: now there is a path (item → viewer → item).
    await engine.track({ userId: 'other', contentId: 'heat', type: 'complete', timestamp: T0 - 500 });
    await engine.track({ userId: 'other', contentId: 'up', type: 'complete', timestamp: T0 - 400 });
    expect((await engine.recommend('u', { count: 10 })).map((r) => r.itemId)).toContain('up');

    // A new Michael Mann film is reachable at once.
    await engine.upsertContent({ id: 'thief', title: 'Thief', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'] });
    expect((await engine.recommend('u', { count: 6 })).map((r) => r.itemId)).toContain('thief');

    // Forgetting the other viewer removes the path.
    await engine.forgetUser('other');
    expect((await engine.recommend('u', { count: 10 })).map((r) => r.itemId)).not.toContain('up');
  });
});
