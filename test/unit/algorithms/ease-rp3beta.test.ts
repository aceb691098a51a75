import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInteractionMatrix, row } from '../../../src/algorithms/cf/matrix.js';
import { topItems } from '../../../src/algorithms/cf/models.js';
import { EaseModel } from '../../../src/algorithms/cf/ease.js';
import { invertSpd } from '../../../src/algorithms/linalg/spd-inverse.js';
import { Rp3BetaModel } from '../../../src/algorithms/cf/rp3beta.js';
import { checkerboardMissing } from '../../../src/testing/checkerboard.js';
import { checkerboard } from '../../fixtures/checkerboard.js';

/** Each of `users` gets first the one item of their block they have not watched. */
function expectMissingItemFirst(model: EaseModel | Rp3BetaModel, m: ReturnType<typeof checkerboard>, users: readonly number[]): void {
  const scores = new Float32Array(m.items.size);
  for (const u of users) {
    const r = row(m.userItems, u);
    model.scoreAll({ row: r }, scores);
    const [best] = topItems(scores, 1, (i) => r.indices.includes(i));
    expect(m.items.idAt(best!.index)).toBe(checkerboardMissing(`u${u}`));
  }
}

describe('EASE', () => {
  it('inverts an SPD matrix', () => {
    const a = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
    const original = a.slice();
    expect(invertSpd(a, 3)).toBe(true);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += original[i * 3 + k]! * a[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('inverts any SPD matrix across block boundaries (A · A⁻¹ = I), and refuses an indefinite one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
        let state = seed || 1;
        const rand = () => (state = (state * 48271) % 2147483647) / 2147483647 - 0.5;
        // A = R Rᵀ + n·I is positive definite.
        const r = Float64Array.from({ length: n * n }, rand);
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += r[i * n + k]! * r[j * n + k]!;
        for (let i = 0; i < n; i++) a[i * n + i]! += n * 0.1;
        const inv = a.slice();
        expect(invertSpd(inv, n)).toBe(true);
        for (let i = 0; i < n; i += Math.max(1, n >> 3))
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
            expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-8);
          }
      }),
      { numRuns: 40 },
    );
    expect(invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });

  it('recommends each user the item missing from their block, never itself', async () => {
    const m = checkerboard();
    const model = new EaseModel({ regularization: 1, maxItems: 2000, neighbours: 100 });
    await model.fit(m);
    expectMissingItemFirst(model, m, [0, 7, 13]);
    expect(model.similarItems(0, 3).every((s) => s.index !== 0)).toBe(true);
  });

  it('only models the most popular items', async () => {
    const m = checkerboard();
    const model = new EaseModel({ regularization: 200, maxItems: 5, neighbours: 100 });
    await model.fit(m);
    const scores = new Float32Array(m.items.size);
    model.scoreAll({ row: row(m.userItems, 0) }, scores);
    expect(Array.from(scores).filter((s) => s !== 0).length).toBeLessThanOrEqual(5);
    const modelled = m.items.size - Array.from(model.neighbours!.indptr).filter((p, i, all) => i > 0 && p === all[i - 1]).length;
    expect(modelled).toBe(5);
  });

  it('keeps the strongest weights of each row when pruned, and matches the dense model on them', async () => {
    const m = checkerboard();
    const dense = new EaseModel({ regularization: 5, maxItems: 100, neighbours: 100 });
    const pruned = new EaseModel({ regularization: 5, maxItems: 100, neighbours: 3 });
    await dense.fit(m);
    await pruned.fit(m);
    for (let i = 0; i < m.items.size; i++) {
      const full = row(dense.neighbours!, i);
      const kept = row(pruned.neighbours!, i);
      expect(kept.indices.length).toBe(3);
      const strongest = Array.from(full.values)
        .map(Math.abs)
        .sort((a, b) => b - a)[2]!;
      kept.indices.forEach((j, t) => {
        expect(Math.abs(kept.values[t]!)).toBeGreaterThanOrEqual(strongest - 1e-6);
        expect(kept.values[t]).toBeCloseTo(full.values[Array.from(full.indices).indexOf(j)]!, 6);
      });
    }
  });
});

describe('RP3beta', () => {
  it('recommends each user the item missing from their block', async () => {
    const m = checkerboard();
    const model = new Rp3BetaModel({ alpha: 1, beta: 0.5, neighbours: 50 });
    await model.fit(m);
    expectMissingItemFirst(model, m, [0, 4, 15]);
  });

  it('is the plain three-step walk at α 1, β 0, and divides arrivals by popularity^β', async () => {
    // u0: a, b; u1: a, c; u2: c. From a: u0 → b (1/2 · 1/2), u1 → c (1/2 · 1/2).
    const m = buildInteractionMatrix(
      [
        ['u0', 'a'],
        ['u0', 'b'],
        ['u1', 'a'],
        ['u1', 'c'],
        ['u2', 'c'],
      ].map(([userId, itemId]) => ({ userId: userId!, itemId: itemId!, value: 1 })),
    );
    const [a, b, c] = ['a', 'b', 'c'].map((id) => m.items.indexOf(id)!);
    const weight = (model: Rp3BetaModel, i: number, j: number) => {
      const r = row(model.neighbours!, i);
      return r.values[Array.from(r.indices).indexOf(j)];
    };
    const walk = new Rp3BetaModel({ alpha: 1, beta: 0, neighbours: 10 });
    walk.fit(m);
    expect(weight(walk, a!, b!)).toBeCloseTo(0.25, 6);
    expect(weight(walk, a!, c!)).toBeCloseTo(0.25, 6);
    const penalised = new Rp3BetaModel({ alpha: 1, beta: 1, neighbours: 10 });
    penalised.fit(m);
    // c has two viewers, b one: the penalty halves c's weight relative to b's.
    expect(weight(penalised, a!, c!)! / weight(penalised, a!, b!)!).toBeCloseTo(0.5, 6);
  });
});
