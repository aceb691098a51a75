import { describe, expect, it } from 'vitest';
import { ValidationError, createEngine, type SonaEngineOptions } from '../../../src/index.js';
import { CATALOG } from '../../fixtures/catalog.js';

const T0 = Date.UTC(2025, 0, 1);

async function engine(options: SonaEngineOptions = {}) {
  const e = await createEngine({ clock: () => T0, ...options });
  await e.upsertContent(CATALOG);
  await e.track([
    { userId: 'fan', contentId: 'heat', type: 'complete', timestamp: T0 - 5000 },
    { userId: 'fan', contentId: 'ronin', type: 'view', completion: 0.4, timestamp: T0 - 4000 },
    { userId: 'fan', contentId: 'nemo', type: 'dismiss', timestamp: T0 - 3000 },
    { userId: 'fan', contentId: 'casino', type: 'click', timestamp: T0 - 2000 },
  ]);
  return e;
}

const ids = (recs: Array<{ itemId: string }>) => recs.map((r) => r.itemId);

describe('recommend() filters', () => {
  it('excludes watched items by mode, and dismissed ones always', async () => {
    const e = await engine();
    const any = ids(await e.recommend('fan', { count: 10 }));
    expect(any).not.toContain('heat');
    expect(any).not.toContain('ronin');
    expect(any).not.toContain('nemo');
    expect(any).toContain('casino'); // a click is intent, not a view
    const completed = ids(await e.recommend('fan', { count: 10, excludeWatched: 'completed' }));
    expect(completed).toContain('ronin'); // 40% watched: may come back
    expect(completed).not.toContain('heat');
    const none = ids(await e.recommend('fan', { count: 10, excludeWatched: 'none' }));
    expect(none).toContain('heat');
    expect(none).not.toContain('nemo');
  });

  it('honours an allow-list even for items no source proposed, and a predicate before the cut', async () => {
    const e = await engine();
    expect(ids(await e.recommend('fan', { count: 5, allow: ['coco', 'koyaanisqatsi', 'heat'] })).sort()).toEqual(['coco', 'koyaanisqatsi']);
    const family = await e.recommend('fan', { count: 3, filter: (item) => item.genres?.includes('Family') === true });
    expect(family).toHaveLength(3);
    expect(ids(family).every((id) => ['toy-story', 'up', 'coco'].includes(id))).toBe(true);
    await expect(e.recommend('fan', { filter: 'yes' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      e.recommend('fan', {
        filter: () => {
          throw new Error('boom');
        },
      }),
    ).rejects.toThrow(/options\.filter.*boom/);
    await expect(e.recommend('fan', { excludeWatched: 'some' as never })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('recommend() diversity', () => {
  it('MMR raises intra-list diversity over pure relevance, and caps a genre at the share set', async () => {
    const e = await engine({ diversity: { maxGenreShare: 0.4 } });
    const plain = await e.recommendDetailed('fan', { count: 5, diversity: 1 });
    const diverse = await e.recommendDetailed('fan', { count: 5, diversity: 0.3 });
    expect(diverse.diversity).toBeGreaterThan(plain.diversity);
    const crime = (await e.recommend('fan', { count: 5 })).filter((r) => CATALOG.find((c) => c.id === r.itemId)!.genres!.includes('Crime'));
    expect(crime.length).toBeLessThanOrEqual(2);
    await expect(e.recommend('fan', { diversity: 2 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('blend.popularityPenalty', () => {
  it('scales each blended score by 1 − penalty × popularity level (the hottest item: level 1)', async () => {
    const served = async (popularityPenalty: number) => {
      const e = await createEngine({ clock: () => T0, builtinSources: ['trending'], blend: { popularityPenalty }, cache: { enabled: false } });
      await e.upsertContent(CATALOG);
      const watch = (contentId: string, n: number) =>
        Array.from({ length: n }, (_, i) => ({ userId: `v${contentId}${i}`, contentId, type: 'complete' as const, timestamp: T0 - 1000 - i }));
      await e.track([...watch('heat', 20), ...watch('ronin', 5), ...watch('coco', 1)]);
      return e.recommend('newcomer', { count: 3, diversity: 1 });
    };
    const plain = await served(0);
    const penalised = await served(0.5);
    expect(plain[0]!.itemId).toBe('heat');
    const heat = penalised.find((r) => r.itemId === 'heat')!;
    expect(heat.score).toBeCloseTo(plain[0]!.score * 0.5, 9);
    const ronin = (list: typeof plain) => list.find((r) => r.itemId === 'ronin')!.score;
    // Less popular items lose less than half of their score.
    expect(ronin(penalised)).toBeGreaterThan(ronin(plain) * 0.5);
    expect(ronin(penalised)).toBeLessThan(ronin(plain));
  });

  it('refuses a penalty outside [0, 0.5], naming the field', async () => {
    await expect(createEngine({ blend: { popularityPenalty: 0.9 } })).rejects.toMatchObject({ option: 'blend.popularityPenalty' });
  });
});
