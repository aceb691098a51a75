import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const T0 = Date.UTC(2025, 0, 1);
const GENRES = ['Crime', 'Family', 'Drama', 'Comedy', 'Horror'];

describe('the genre cap', () => {
  it('holds on every list whenever the catalogue has enough items of other genres', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 12 }),
        async (perGenre, favourite, watched, count) => {
          const items = GENRES.flatMap((genre, g) =>
            Array.from({ length: perGenre[g]! }, (_, i) => ({ id: `${genre}-${i}`, title: `${genre} ${i}`, genres: [genre] })),
          );
          const mine = items.filter((it) => it.genres[0] === GENRES[favourite]).slice(0, watched);
          if (mine.length === 0) return;
          const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, diversity: { maxGenreShare: 0.4 } });
          try {
            await engine.upsertContent(items);
            await engine.track(mine.map((it, i) => ({ userId: 'fan', contentId: it.id, type: 'complete' as const, timestamp: T0 - 1000 * (i + 1) })));
            // Other viewers make every genre popular, so trending alone would not spread the list.
            await engine.track(
              items.slice(0, 20).map((it, i) => ({ userId: `other-${i % 4}`, contentId: it.id, type: 'complete' as const, timestamp: T0 - 500 })),
            );
            const response = await engine.recommendDetailed('fan', { count, diversity: 0.7 });
            const cap = Math.max(1, Math.ceil(0.4 * Math.min(count, response.items.length)));
            const left = GENRES.map((genre) => items.filter((it) => it.genres[0] === genre && !mine.includes(it)).length);
            const feasible = left.reduce((s, n) => s + Math.min(n, cap), 0) >= response.items.length;
            const perGenreCount = new Map<string, number>();
            for (const r of response.items) {
              const genre = r.itemId.split('-')[0]!;
              perGenreCount.set(genre, (perGenreCount.get(genre) ?? 0) + 1);
            }
            if (feasible) {
              for (const [genre, n] of perGenreCount) expect(n, `${genre} in ${response.items.map((r) => r.itemId)}`).toBeLessThanOrEqual(cap);
              expect(response.genreCapRelaxed).toBe(false);
            }
            if ([...perGenreCount.values()].some((n) => n > cap)) expect(response.genreCapRelaxed).toBe(true);
          } finally {
            await engine.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('on 300 items of five genres, a one-genre viewer gets at most 4 of 10 from it, and the reported diversity moves with MMR', async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `m${i}`, title: `Film ${i}`, genres: [GENRES[i % 5]!] }));
    // Taste-led weights, so that relevance alone fills the list with the viewer's genre.
    const engine = await createEngine({
      clock: () => T0,
      cache: { enabled: false },
      blend: { weights: { content: 1, trending: 0.05 } },
      diversity: { maxGenreShare: 0.4 },
    });
    await engine.upsertContent(items);
    const crime = items.filter((it) => it.genres[0] === 'Crime');
    await engine.track(crime.slice(0, 8).map((it, i) => ({ userId: 'fan', contentId: it.id, type: 'complete' as const, timestamp: T0 - 1000 * (i + 1) })));
    await engine.track(items.slice(0, 60).map((it, i) => ({ userId: `other-${i % 6}`, contentId: it.id, type: 'complete' as const, timestamp: T0 - 500 })));
    const varied = await engine.recommendDetailed('fan', { count: 10, diversity: 0.7 });
    const crimeCount = varied.items.filter((r) => Number(r.itemId.slice(1)) % 5 === 0).length;
    expect(crimeCount).toBeLessThanOrEqual(4);
    expect(varied.genreCapRelaxed).toBe(false);
    expect(varied.diversityMeasure).toBe('genres');
    await engine.close();
    // Without the cap, MMR alone, choosing from a pool deep enough to hold other genres: the
    // diversity the response reports moves with λ.
    const uncapped = await createEngine({
      clock: () => T0,
      cache: { enabled: false },
      blend: { weights: { content: 1, trending: 0.3 } },
      diversity: { maxGenreShare: 1, poolMultiplier: 10 },
    });
    await uncapped.upsertContent(items);
    await uncapped.track(crime.slice(0, 8).map((it, i) => ({ userId: 'fan', contentId: it.id, type: 'complete' as const, timestamp: T0 - 1000 * (i + 1) })));
    await uncapped.track(items.slice(0, 60).map((it, i) => ({ userId: `other-${i % 6}`, contentId: it.id, type: 'complete' as const, timestamp: T0 - 500 })));
    const relevant = await uncapped.recommendDetailed('fan', { count: 10, diversity: 1 });
    const mmr = await uncapped.recommendDetailed('fan', { count: 10, diversity: 0.3 });
    expect(mmr.diversity).toBeGreaterThan(relevant.diversity + 0.1);
    await uncapped.close();
  });
});
