import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listMetric } from '../../src/algorithms/ranking/list-metrics.js';
import { blendOutcomes, rankUser, type BlendData, type Discount } from '../../src/engine/tuning/evaluate.js';

/** Scores drawn from a few values, so ties between candidates are common. */
const score = fc.constantFrom(0, 0.25, 0.5, 0.75, 1);
const level = fc.constantFrom(0, 0.3, 0.5, 1);
const user = fc.integer({ min: 1, max: 30 }).chain((size) =>
  fc.record({
    a: fc.array(score, { minLength: size, maxLength: size }),
    b: fc.array(score, { minLength: size, maxLength: size }),
    levels: fc.array(level, { minLength: size, maxLength: size }),
    exposure: fc.array(level, { minLength: size, maxLength: size }),
    relevant: fc.array(fc.nat(size - 1), { maxLength: 5 }),
  }),
);
const discount: fc.Arbitrary<Discount> = fc.record({ popularity: fc.constantFrom(0, 0.1, 0.5), exposure: fc.constantFrom(0, 0.2, 0.8) });

describe('the discount grid', () => {
  it('ranks every user as a full scan under each discount would (ties to the smaller id)', () => {
    fc.assert(
      fc.property(
        fc.array(user, { minLength: 1, maxLength: 6 }),
        fc.array(discount, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 10 }),
        (users, discounts, k) => {
          const data: BlendData = {
            sources: [
              { name: 'a', role: 'personal' },
              { name: 'b', role: 'ambient' },
            ],
            users: users.map((u) => {
              const items = u.a.map((_, i) => `i${String(i).padStart(2, '0')}`);
              return {
                items,
                scores: Float32Array.from([...u.a, ...u.b]),
                levels: Float32Array.from(u.levels),
                exposure: Float32Array.from(u.exposure),
                relevant: new Set(u.relevant.map((i) => items[i]!)),
                applies: [
                  { name: 'a', role: 'personal' as const },
                  { name: 'b', role: 'ambient' as const },
                ],
                interactionCount: 10,
                newcomer: false,
              };
            }),
          };
          const weights = { a: 0.7, b: 0.3 };
          const judge = { metric: 'ndcg' as const, k };
          const all = data.users.map((_, i) => i);
          const outcomes = blendOutcomes(data, all, () => weights, 0, judge, discounts);
          discounts.forEach((d, di) => {
            const seen = new Set<string>();
            let sum = 0;
            for (const ui of all) {
              const u = data.users[ui]!;
              const list = rankUser(data, ui, weights, 0, k, d).map((t) => u.items[t.at]!);
              sum += listMetric('ndcg', list, u.relevant, k);
              for (const id of list) seen.add(id);
            }
            expect(outcomes[di]!.reach).toBe(seen.size);
            expect(outcomes[di]!.score).toBeCloseTo(sum / all.length, 12);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
