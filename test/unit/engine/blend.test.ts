import { describe, expect, it } from 'vitest';
import { blend, effectiveWeights, IDLE_WEIGHT, normalizeMinMax, withIdleAmbient } from '../../../src/engine/pipeline/blend.js';
import { createEngine } from '../../../src/index.js';

describe('normalizeMinMax', () => {
  it('maps the best to 1 and the worst to 0', () => {
    expect(
      normalizeMinMax([
        { itemId: 'a', score: 10 },
        { itemId: 'b', score: 5 },
        { itemId: 'c', score: 0 },
      ]),
    ).toEqual([1, 0.5, 0]);
  });
  it('gives 0 to every candidate when the source cannot tell them apart', () => {
    expect(
      normalizeMinMax([
        { itemId: 'a', score: 3 },
        { itemId: 'b', score: 3 },
      ]),
    ).toEqual([0, 0]);
    expect(normalizeMinMax([{ itemId: 'a', score: -2 }])).toEqual([0]);
  });
});

describe('blend', () => {
  it('lowers scores by the popularity discount after taking the shares, so a popular item can give way', () => {
    const proposed = (source: string, scores: Record<string, number>) => ({
      source,
      weight: 0.5,
      candidates: Object.entries(scores).map(([itemId, score]) => ({ itemId, score })),
    });
    const results = [proposed('content', { hit: 10, niche: 9, other: 0 }), proposed('trending', { hit: 3, niche: 2.9, other: 0 })];
    expect(blend(results).map((b) => b.itemId)).toEqual(['hit', 'niche', 'other']);
    const discounted = blend(results, (id) => (id === 'hit' ? 0.3 : 0.05));
    expect(discounted.map((b) => b.itemId)).toEqual(['niche', 'hit', 'other']);
    const hit = discounted.find((b) => b.itemId === 'hit')!;
    expect(hit.score).toBeCloseTo(0.7, 12);
    expect(hit.contributions.map((c) => c.share).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("sums weighted normalised scores and records each source's share", () => {
    const out = blend([
      {
        source: 'content',
        weight: 0.6,
        candidates: [
          { itemId: 'x', score: 10 },
          { itemId: 'y', score: 5 },
          { itemId: 'z', score: 0 },
        ],
      },
      {
        source: 'trending',
        weight: 0.4,
        candidates: [
          { itemId: 'y', score: 2 },
          { itemId: 'w', score: 1 },
        ],
      },
    ]);
    expect(out.map((b) => b.itemId)).toEqual(['y', 'x', 'w', 'z']);
    const y = out[0]!;
    expect(y.score).toBeCloseTo(0.7, 12);
    expect(y.contributions.map((c) => c.source)).toEqual(['trending', 'content']);
    expect(y.contributions[0]!.share).toBeCloseTo(0.4 / 0.7, 12);
    expect(y.contributions[1]!.share).toBeCloseTo(0.3 / 0.7, 12);
    expect(out[1]!.contributions).toEqual([{ source: 'content', score: 0.6, share: 1 }]);
  });

  it('ignores sources with zero weight', () => {
    const out = blend([
      { source: 'content', weight: 0, candidates: [{ itemId: 'x', score: 1 }] },
      { source: 'trending', weight: 1, candidates: [{ itemId: 'y', score: 1 }] },
    ]);
    expect(out.map((b) => b.itemId)).toEqual(['y']);
  });

  it('counts an item proposed twice by one source once, at its better score', () => {
    const out = blend([
      {
        source: 'content',
        weight: 1,
        candidates: [
          { itemId: 'x', score: 1 },
          { itemId: 'x', score: 0 },
          { itemId: 'y', score: 0.5 },
        ],
      },
    ]);
    // normalised: x 1 and 0, y 0.5
    expect(out.find((b) => b.itemId === 'x')!.score).toBe(1);
  });
});

describe('effectiveWeights', () => {
  const configured = { content: 0.25, trending: 0.1, collaborative: 0.35 };
  const both = [
    { name: 'content', role: 'personal' },
    { name: 'trending', role: 'ambient' },
  ] as const;

  it('serves a new user from trending only', () => {
    const w = effectiveWeights(configured, both, 0, 5);
    expect(w.get('content')).toBe(0);
    expect(w.get('trending')).toBe(1);
  });

  it('fades cold-start sources out as history grows', () => {
    const sources = [...both, { name: 'stated', role: 'cold-start' }] as const;
    const fresh = effectiveWeights({ content: 1, trending: 1, stated: 2 }, sources, 0, 4);
    expect(fresh.get('stated')).toBeCloseTo(2 / 3, 12);
    expect(fresh.get('content')).toBe(0);
    const half = effectiveWeights({ content: 1, trending: 1, stated: 2 }, sources, 2, 4);
    expect([half.get('content'), half.get('trending'), half.get('stated')]).toEqual([0.5 / 2.5, 1 / 2.5, 1 / 2.5]);
    expect(effectiveWeights({ content: 1, trending: 1, stated: 2 }, sources, 9, 4).get('stated')).toBe(0);
  });

  it('fades personal sources in up to the cold-start threshold', () => {
    const at2 = effectiveWeights(configured, both, 2, 5);
    expect(at2.get('content')).toBeCloseTo(0.1 / 0.2, 12);
    const at5 = effectiveWeights(configured, both, 50, 5);
    expect(at5.get('content')).toBeCloseTo(0.25 / 0.35, 12);
    expect(at5.get('trending')).toBeCloseTo(0.1 / 0.35, 12);
  });

  it('falls back to trending when nothing else has weight', () => {
    const w = effectiveWeights({ content: 1 }, both, 0, 5);
    expect(w.get('trending')).toBe(1);
  });
});

describe('a list the weighted sources cannot fill', () => {
  it('gives the ambient sources without weight a weight far below the others, and nothing when there are none', () => {
    const sources = [
      { name: 'content', role: 'personal' },
      { name: 'editors', role: 'ambient' },
      { name: 'trending', role: 'ambient' },
    ] as const;
    const weights = effectiveWeights({ content: 1, editors: 1, trending: 0 }, sources, 0, 5);
    const filling = withIdleAmbient(weights, sources)!;
    expect([...filling]).toEqual([
      ['content', 0],
      ['editors', 1],
      ['trending', IDLE_WEIGHT],
    ]);
    expect(withIdleAmbient(effectiveWeights({ content: 1, editors: 1, trending: 1 }, sources, 0, 5), sources)).toBeUndefined();
  });

  it('is filled from trending when the one weighted source knows a few items: a new user gets a full list', async () => {
    const engine = await createEngine({
      clock: () => Date.UTC(2025, 1, 1),
      builtinSources: ['trending'],
      // The host's picks alone are weighted for this user (as a tuning that left trending out would have it).
      blend: { weights: { trending: 0, picks: 1 } },
      sources: [
        {
          name: 'picks',
          role: 'ambient',
          defaultWeight: 1,
          candidates: async () => [
            { itemId: 'm1', score: 2 },
            { itemId: 'm2', score: 1 },
          ],
        },
      ],
    });
    await engine.upsertContent(Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, title: `Film ${i}` })));
    const events = ['m5', 'm5', 'm5', 'm6', 'm6', 'm7'].map((contentId, i) => ({
      userId: `u${i}`,
      contentId,
      type: 'complete' as const,
      timestamp: Date.UTC(2025, 0, 20),
    }));
    await engine.track(events);
    const response = await engine.recommendDetailed('newcomer', { count: 5 });
    // The picks' best first, then trending's in its order; the picks' last scores 0 after
    // normalisation (a source's last candidate adds nothing), like any item nothing supports.
    const ids = response.items.map((r) => r.itemId);
    expect(ids).toHaveLength(5);
    expect(ids.slice(0, 4)).toEqual(['m1', 'm5', 'm6', 'm7']);
    expect(response.items[1]!.sources.map((s) => s.source)).toEqual(['trending']);
    expect(response.items[1]!.explanation).toMatch(/^(Trending this week|Popular with viewers)$/);
    expect(response.sources.find((s) => s.source === 'trending')!.weight).toBe(IDLE_WEIGHT);
    // Enough from the weighted source: trending is not asked.
    const full = await engine.recommendDetailed('newcomer', { count: 2 });
    expect(full.items.map((r) => r.itemId)).toEqual(['m1', 'm2']);
    expect(full.sources.find((s) => s.source === 'trending')!.weight).toBe(0);
    await engine.close();
  });
});
