import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maximalMarginalRelevance } from '../../../src/algorithms/diversity/mmr.js';

// Items 0 and 1 are near-duplicates; 2 is different and slightly less relevant.
const relevance = [1, 0.95, 0.8];
const sim = (i: number, j: number) => (i + j === 1 ? 0.99 : i === j ? 1 : 0.1);

describe('maximal marginal relevance', () => {
  it('is plain relevance order at lambda 1', () => {
    expect(maximalMarginalRelevance(relevance, sim, { k: 3, lambda: 1 })).toEqual([0, 1, 2]);
  });

  it('moves a near-duplicate behind a different item at lambda 0.7', () => {
    // second pick: item 1 scores 0.7·0.95 − 0.3·0.99 = 0.368, item 2 scores 0.7·0.8 − 0.3·0.1 = 0.53
    expect(maximalMarginalRelevance(relevance, sim, { k: 3, lambda: 0.7 })).toEqual([0, 2, 1]);
  });

  it('caps a category at its share of the list, relaxing only when nothing else is left', () => {
    const rel = [1, 0.9, 0.8, 0.7, 0.2];
    const categories = [['Crime'], ['Crime'], ['Crime'], ['Crime'], ['Family']];
    const none = () => 0;
    // k 5, share 0.4 → at most 2 Crime while a non-Crime item remains
    expect(maximalMarginalRelevance(rel, none, { k: 3, lambda: 1, categories, maxCategoryShare: 0.4 })).toEqual([0, 1, 4]);
    expect(maximalMarginalRelevance(rel, none, { k: 5, lambda: 1, categories, maxCategoryShare: 0.4 })).toEqual([0, 1, 4, 2, 3]);
  });

  it('always returns k distinct candidates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rel, k, lambda) => {
          const picked = maximalMarginalRelevance(rel, (i, j) => Math.cos(i - j), { k, lambda });
          return picked.length === Math.min(k, rel.length) && new Set(picked).size === picked.length;
        },
      ),
    );
  });
});
