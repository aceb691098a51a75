import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from '../../../src/core/top-k.js';

describe('TopK', () => {
  it('selects a prefix of one total order (score, then arrival), whatever k is', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), fc.nat(70), (scores, k) => {
        const pick = (n: number) => {
          const top = new TopK<number>(n);
          scores.forEach((s, i) => top.push(s, i));
          return top.sorted().map((e) => e.value);
        };
        const all = scores
          .map((s, i) => ({ s, i }))
          .sort((a, b) => b.s - a.s || a.i - b.i)
          .map((e) => e.i);
        expect(pick(k)).toEqual(all.slice(0, k));
      }),
    );
  });
});
