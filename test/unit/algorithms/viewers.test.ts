import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountedViewers } from '../../../src/algorithms/popularity/viewers.js';
import { createEngine } from '../../../src/index.js';

describe('CountedViewers', () => {
  it('says first once per viewer and item, forgets everything on clear', () => {
    const viewers = new CountedViewers(2);
    expect([viewers.first('ann', 3), viewers.first('ann', 3), viewers.first('bob', 3), viewers.first('ann', 4)]).toEqual([true, false, true, true]);
    expect(viewers.count).toBe(3);
    viewers.clear();
    expect([viewers.count, viewers.first('ann', 3)]).toEqual([0, true]);
  });

  it('agrees with a set of pairs, across growth (property)', () => {
    const pair = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', '__proto__', ''), fc.integer({ min: 0, max: 3000 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 400 }), (pairs) => {
        const viewers = new CountedViewers(4);
        const seen = new Set<string>();
        for (const [user, item] of pairs) {
          const key = `${user} ${item}`;
          expect(viewers.first(user, item)).toBe(!seen.has(key));
          seen.add(key);
        }
        expect(viewers.count).toBe(seen.size);
      }),
    );
  });
});

describe('popularity counts viewers, not views', () => {
  const T0 = Date.UTC(2025, 0, 1);
  const bot = Array.from({ length: 1000 }, (_, k) => ({ userId: 'bot', contentId: 'b', type: 'click' as const, timestamp: T0 - k * 1000 }));

  it('one account sending an item a thousand times does not put it at the top of trending', async () => {
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, builtinSources: ['trending'] });
    await engine.upsertContent(['a', 'b'].map((id) => ({ id, title: `Film ${id}` })));
    await engine.track(['u1', 'u2', 'u3'].map((userId) => ({ userId, contentId: 'a', type: 'view' as const, timestamp: T0 - 3_600_000 })));
    await engine.track(bot);
    expect((await engine.recommend('newcomer', { count: 2 })).map((r) => r.itemId)).toEqual(['a', 'b']);
    // After a fit counts everything again, the same.
    await engine.fit({ tune: false });
    expect((await engine.recommend('newcomer', { count: 2 })).map((r) => r.itemId)).toEqual(['a', 'b']);
    await engine.close();
  });

  it('nor make it "trending this week": the week counts viewers too', async () => {
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, builtinSources: ['trending'] });
    await engine.upsertContent(['a', 'b', 'c'].map((id) => ({ id, title: `Film ${id}` })));
    await engine.track(Array.from({ length: 20 }, (_, u) => ({ userId: `u${u}`, contentId: 'a', type: 'view' as const, timestamp: T0 - 3_600_000 })));
    await engine.track(bot);
    const [first, second] = await engine.recommend('newcomer', { count: 3 });
    expect([first!.itemId, first!.explanation]).toEqual(['a', 'Trending this week']);
    // One viewer against the week's twenty: watched, not trending.
    expect(second!.itemId).toBe('b');
    expect(second!.explanation).not.toBe('Trending this week');
    await engine.close();
  });
});
