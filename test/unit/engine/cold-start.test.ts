import { describe, expect, it } from 'vitest';
import { ValidationError, createEngine, type ViewingEvent } from '../../../src/index.js';
import { withExploration } from '../../../src/engine/pipeline/exploration.js';
import { explores } from '../../../src/engine/recommending.js';
import { CATALOG } from '../../fixtures/catalog.js';

const T0 = Date.UTC(2025, 0, 1);
const genresOf = (id: string) => CATALOG.find((c) => c.id === id)!.genres!;

describe('cold start', () => {
  it('a new user with stated genres gets those genres, with the reason, fading as history grows', async () => {
    // No genre cap: the stated genre may fill the list.
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, diversity: { maxGenreShare: 1 } });
    await engine.upsertContent(CATALOG);
    await engine.track(['heat', 'ronin', 'casino'].map((id, i) => ({ userId: `crowd-${i}`, contentId: id, type: 'complete' as const, timestamp: T0 - 1000 })));
    const fresh = await engine.recommend('newbie', { count: 3, preferredGenres: ['family'], diversity: 1 });
    expect(fresh.every((r) => genresOf(r.itemId).includes('Family'))).toBe(true);
    expect(fresh[0]!.explanation).toBe('Because you like Family');
    const plain = await engine.recommend('newbie', { count: 3, diversity: 1 });
    expect(plain.some((r) => !genresOf(r.itemId).includes('Family'))).toBe(true);
    // Five events of their own: the stated genres no longer steer.
    const events: ViewingEvent[] = ['heat', 'ronin', 'casino', 'collateral', 'goodfellas'].map((id, i) => ({
      userId: 'newbie',
      contentId: id,
      type: 'view',
      completion: 0.5,
      timestamp: T0 - 500 + i,
    }));
    await engine.track(events);
    const later = await engine.recommendDetailed('newbie', { count: 3, preferredGenres: ['family'] });
    expect(later.sources.find((s) => s.source === 'stated')?.weight ?? 0).toBe(0);
    await expect(engine.recommend('newbie', { preferredGenres: [''] })).rejects.toBeInstanceOf(ValidationError);
  });

  it('gives one slot in ten to the best new item nobody has watched yet', async () => {
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, diversity: { lambda: 1, maxGenreShare: 1 } });
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `old-${i}`, title: `Old ${i}`, genres: ['Drama'], popularity: 0.5 }));
    await engine.upsertContent([...many, { id: 'brand-new', title: 'Brand new', genres: ['Drama'] }]);
    await engine.track(many.map((m, i) => ({ userId: `viewer-${i}`, contentId: m.id, type: 'complete' as const, timestamp: T0 - 1000 })));
    const recs = await engine.recommend('someone', { count: 10 });
    expect(recs.map((r) => r.itemId)).toContain('brand-new');
    expect(recs[9]!.itemId).toBe('brand-new');
    const none = await createEngine({
      clock: () => T0,
      cache: { enabled: false },
      diversity: { lambda: 1, maxGenreShare: 1 },
      coldStart: { explorationShare: 0 },
    });
    await none.upsertContent([...many, { id: 'brand-new', title: 'Brand new', genres: ['Drama'] }]);
    await none.track(many.map((m, i) => ({ userId: `viewer-${i}`, contentId: m.id, type: 'complete' as const, timestamp: T0 - 1000 })));
    expect((await none.recommend('someone', { count: 10 })).map((r) => r.itemId)).not.toContain('brand-new');
  });

  it('keeps an exploration slot for an item through the first day after its first viewer', async () => {
    let now = T0;
    const engine = await createEngine({
      clock: () => now,
      cache: { enabled: false },
      diversity: { lambda: 1, maxGenreShare: 1 },
      coldStart: { freshHours: 24, freshListShare: 1 },
    });
    // 300 items with three viewers two days ago: the debut's one viewer puts it below every source's lists.
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `old-${i}`, title: `Old ${i}`, genres: ['Drama'] }));
    await engine.upsertContent([...many, { id: 'debut', title: 'Debut', genres: ['Drama'] }]);
    const old = many.flatMap((m, i) =>
      [0, 1, 2].map((v) => ({ userId: `viewer-${i}-${v}`, contentId: m.id, type: 'complete' as const, timestamp: T0 - 2 * 86_400_000 })),
    );
    await engine.track([...old, { userId: 'first-viewer', contentId: 'debut', type: 'complete', timestamp: T0 - 3_600_000 }]);
    const today = await engine.recommend('someone', { count: 10 });
    expect(today.map((r) => r.itemId)).toContain('debut');
    // Its reason is the truth about it: it has a viewer, so it is not "new in the catalogue".
    expect(today.find((r) => r.itemId === 'debut')!.explanation).not.toBe('New in the catalogue');
    now = T0 + 86_400_000;
    expect((await engine.recommend('someone', { count: 10 })).map((r) => r.itemId)).not.toContain('debut');
    const off = await createEngine({ clock: () => T0, cache: { enabled: false }, diversity: { lambda: 1, maxGenreShare: 1 }, coldStart: { freshHours: 0 } });
    await off.upsertContent([...many, { id: 'debut', title: 'Debut', genres: ['Drama'] }]);
    await off.track([...old, { userId: 'first-viewer', contentId: 'debut', type: 'complete', timestamp: T0 - 3_600_000 }]);
    expect((await off.recommend('someone', { count: 10 })).map((r) => r.itemId)).not.toContain('debut');
  });

  it('offers fresh items to the freshListShare of users, the same users all day', async () => {
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, diversity: { lambda: 1, maxGenreShare: 1 } });
    // As above: the debut's one viewer puts it below every source's lists.
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `old-${i}`, title: `Old ${i}`, genres: ['Drama'] }));
    await engine.upsertContent([...many, { id: 'debut', title: 'Debut', genres: ['Drama'] }]);
    await engine.track([
      ...many.flatMap((m, i) =>
        [0, 1, 2].map((v) => ({ userId: `viewer-${i}-${v}`, contentId: m.id, type: 'complete' as const, timestamp: T0 - 2 * 86_400_000 })),
      ),
      { userId: 'first-viewer', contentId: 'debut', type: 'complete', timestamp: T0 - 3_600_000 },
    ]);
    const users = Array.from({ length: 300 }, (_, i) => `someone-${i}`);
    const offered = async () => {
      const out: string[] = [];
      for (const u of users) if ((await engine.recommend(u, { count: 10 })).some((r) => r.itemId === 'debut')) out.push(u);
      return out;
    };
    const first = await offered();
    // The default share is a tenth: about 30 of 300 users, the same ones on a second request.
    expect(first.length).toBeGreaterThan(15);
    expect(first.length).toBeLessThan(50);
    expect(await offered()).toEqual(first);
    expect(users.filter((u) => explores(u, T0, 0.1))).toEqual(first);
    expect(users.every((u) => explores(u, T0, 1) && !explores(u, T0, 0))).toBe(true);
  });

  it('withExploration keeps lists that already hold enough new items', () => {
    const b = (itemId: string) => ({ itemId, score: 1, contributions: [] });
    const isNew = (id: string) => id.startsWith('new');
    expect(withExploration([b('a'), b('new-1')], [b('a'), b('new-1'), b('new-2')], 1, isNew).map((x) => x.itemId)).toEqual(['a', 'new-1']);
    expect(withExploration([b('a'), b('c')], [b('a'), b('c'), b('new-2')], 1, isNew).map((x) => x.itemId)).toEqual(['a', 'new-2']);
  });
});
