import { describe, expect, it } from 'vitest';
import { intraListDiversity, rankingMetrics } from '../../../src/evaluation/metrics.js';

describe('rankingMetrics (binary relevance, as Microsoft Recommenders)', () => {
  // u1: relevant {a, c, e}; list a x c y z → hits at ranks 1 and 3
  // u2: relevant {b};       list x y z b  → hit at rank 4
  // u3: relevant {q};       list x y z w  → no hit
  const relevant = new Map([
    ['u1', new Set(['a', 'c', 'e'])],
    ['u2', new Set(['b'])],
    ['u3', new Set(['q'])],
    ['u4', new Set(['a'])], // no prediction list: not evaluated
  ]);
  const predictions = new Map([
    ['u1', ['a', 'x', 'c', 'y', 'z']],
    ['u2', ['x', 'y', 'z', 'b']],
    ['u3', ['x', 'y', 'z', 'w']],
  ]);
  const m = rankingMetrics(relevant, predictions, 4, 100);

  it('counts only users with both truth and predictions', () => {
    expect(m.users).toBe(3);
  });
  it('precision@4 = mean(2/4, 1/4, 0)', () => {
    expect(m.precision).toBeCloseTo((0.5 + 0.25 + 0) / 3, 12);
  });
  it('recall@4 = mean(2/3, 1/1, 0)', () => {
    expect(m.recall).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
  });
  it('nDCG@4 with log2 discounts', () => {
    const u1 = (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3) + 1 / Math.log2(4));
    const u2 = 1 / Math.log2(5) / 1;
    expect(m.ndcg).toBeCloseTo((u1 + u2 + 0) / 3, 12);
  });
  it('MAP normalised by the number of relevant items', () => {
    const u1 = (1 / 1 + 2 / 3) / 3;
    const u2 = 1 / 4 / 1;
    expect(m.map).toBeCloseTo((u1 + u2) / 3, 12);
  });
  it('hit rate and coverage', () => {
    expect(m.hitRate).toBeCloseTo(2 / 3, 12);
    // distinct items in the top 4 lists: a x c y, z b, w → 7
    expect(m.coverage).toBeCloseTo(7 / 100, 12);
  });
  it('only the first k recommendations count', () => {
    const cut = rankingMetrics(new Map([['u', new Set(['b'])]]), new Map([['u', ['a', 'b']]]), 1, 10);
    expect(cut.precision).toBe(0);
    expect(cut.recall).toBe(0);
  });
});

describe('intraListDiversity', () => {
  it('is the mean pairwise dissimilarity per list, averaged over lists', () => {
    const sim = (a: string, b: string) => (a[0] === b[0] ? 1 : 0);
    // list 1: aa ab ba → pairs (aa,ab)=0, (aa,ba)=1, (ab,ba)=1 → 2/3; list 2: xa yb → 1
    expect(intraListDiversity([['aa', 'ab', 'ba'], ['xa', 'yb'], ['single']], sim)).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });
});
