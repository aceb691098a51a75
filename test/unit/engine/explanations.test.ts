import { describe, expect, it } from 'vitest';
import { createEngine, type ViewingEvent } from '../../../src/index.js';
import { CATALOG } from '../../fixtures/catalog.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

/** Three viewers of the crime films, `daysAgo` before now. */
function crimeViewing(daysAgo: number): ViewingEvent[] {
  return ['v1', 'v2', 'v3'].flatMap((userId, u) =>
    ['heat', 'ronin', 'casino', 'goodfellas'].map((contentId, i) => ({
      userId,
      contentId,
      type: 'complete' as const,
      timestamp: NOW - daysAgo * DAY - (u * 4 + i) * 60_000,
    })),
  );
}

async function engineWith(events: ViewingEvent[], options: Parameters<typeof createEngine>[0] = {}) {
  const engine = await createEngine({ clock: () => NOW, cache: { enabled: false }, diversity: { lambda: 1, maxGenreShare: 1 }, ...options });
  await engine.upsertContent(CATALOG);
  await engine.track(events);
  return engine;
}

describe('explanations say only what is true', () => {
  it('"Trending this week" only for items with recent activity, by the engine’s clock', async () => {
    const old = await engineWith(crimeViewing(730));
    const cold = await old.recommend('newcomer', { count: 10 });
    expect(cold.some((r) => /trending this week/i.test(r.explanation))).toBe(false);
    expect(cold.filter((r) => ['heat', 'ronin'].includes(r.itemId)).every((r) => r.explanation === 'Popular with viewers')).toBe(true);

    const fresh = await engineWith(crimeViewing(1));
    const now = await fresh.recommend('newcomer', { count: 10 });
    expect(now.find((r) => r.itemId === 'heat')!.explanation).toBe('Trending this week');
  });

  it('never appends ", and trending this week" when the activity is old', async () => {
    const engine = await engineWith([...crimeViewing(730), { userId: 'me', contentId: 'heat', type: 'complete', timestamp: NOW - 700 * DAY }]);
    await engine.fit({ tune: false });
    const list = await engine.recommend('me', { count: 10 });
    expect(list.some((r) => r.explanation.includes('trending'))).toBe(false);
  });

  it('gives an item nothing scored no popularity claim and no shares: new items say so, others nothing', async () => {
    const engine = await engineWith(crimeViewing(1), { blend: { weights: { content: 1, trending: 0.0001 } } });
    await engine.track({ userId: 'me', contentId: 'heat', type: 'complete', timestamp: NOW - DAY });
    const list = await engine.recommend('me', { count: 9 });
    const zero = list.filter((r) => r.score === 0);
    expect(zero.length).toBeGreaterThan(0);
    for (const r of zero) {
      expect(r.sources).toEqual([]);
      expect(r.explanation).not.toMatch(/popular|trending/i);
      expect(r.explanation).toBe(['toy-story', 'nemo', 'up', 'coco', 'koyaanisqatsi', 'collateral'].includes(r.itemId) ? 'New in the catalogue' : '');
    }
  });

  it('the graph walk names the path it took, the most specific link first', async () => {
    const engine = await engineWith([{ userId: 'me', contentId: 'heat', type: 'complete', timestamp: NOW - DAY }], {
      blend: { weights: { graph: 1 } },
    });
    const byId = new Map((await engine.recommend('me', { count: 6 })).map((r) => [r.itemId, r.explanation]));
    expect(byId.get('collateral')).toBe('Shares Michael Mann with Heat');
    expect(byId.get('ronin')).toBe('Shares Robert De Niro with Heat');
  });

  it('a family film is never explained by a crime thriller', async () => {
    const engine = await engineWith([{ userId: 'me', contentId: 'heat', type: 'complete', timestamp: NOW - DAY }], {
      blend: { weights: { content: 1, graph: 0.5 } },
    });
    for (const r of await engine.recommend('me', { count: 9 })) {
      if (['toy-story', 'nemo', 'up', 'coco'].includes(r.itemId)) expect(r.explanation).not.toMatch(/Heat/);
    }
  });
});

describe('an item that only fills the list', () => {
  it('says so rather than leaving the reason blank', async () => {
    const engine = await createEngine({ clock: () => NOW, cache: { enabled: false }, builtinSources: ['trending'] });
    await engine.upsertContent(['a', 'b'].map((id) => ({ id, title: `Film ${id}` })));
    await engine.track([
      ...['u1', 'u2', 'u3'].map((userId) => ({ userId, contentId: 'a', type: 'view' as const, timestamp: NOW - DAY })),
      { userId: 'u4', contentId: 'b', type: 'view', timestamp: NOW - 30 * DAY },
    ]);
    const [first, last] = await engine.recommend('newcomer', { count: 2 });
    // The least watched is last on trending's list: normalised to 0, nothing may claim it.
    expect([first!.explanation, last!.score, last!.explanation]).toEqual(['Trending this week', 0, 'More from the catalogue']);
    await engine.close();
  });
});
