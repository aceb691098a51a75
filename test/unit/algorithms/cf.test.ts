import { describe, expect, it } from 'vitest';
import { fitAls, gramian } from '../../../src/algorithms/cf/als.js';
import { cholesky, choleskySolve, conjugateGradient, explainScore, foldInUser, userSystem } from '../../../src/algorithms/cf/als-exact.js';
import { buildCsr, buildInteractionMatrix, row, transpose } from '../../../src/algorithms/cf/matrix.js';
import { AlsModel, bm25Weight, ItemKnnModel, PopularityModel, topItems } from '../../../src/algorithms/cf/models.js';
import { BlendModel } from '../../../src/algorithms/cf/blend-model.js';
import { seededRandom } from '../../../src/core/random.js';
import { checkerboard } from '../../fixtures/checkerboard.js';

describe('CSR matrices', () => {
  it('sums duplicates, sorts columns and transposes', () => {
    const m = buildCsr(2, 3, [1, 0, 1, 0], [2, 1, 0, 1], [1, 2, 3, 4]);
    expect(Array.from(m.indptr)).toEqual([0, 1, 3]);
    expect(Array.from(m.indices)).toEqual([1, 0, 2]);
    expect(Array.from(m.data)).toEqual([6, 3, 1]);
    const t = transpose(m);
    expect(Array.from(t.indptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(t.indices)).toEqual([1, 0, 1]);
    expect(Array.from(t.data)).toEqual([3, 6, 1]);
  });
});

describe('Cholesky', () => {
  it('solves a small SPD system exactly', () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    const b = Float64Array.from([2, 1]);
    expect(cholesky(a, 2)).toBe(true);
    choleskySolve(a, 2, b);
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });
});

describe('implicit ALS', () => {
  const m = checkerboard();
  const opts = { factors: 4, regularization: 0.1, alpha: 10, iterations: 15, cgSteps: 3, seed: 1 };

  it('recommends each user the one item missing from their block', async () => {
    const model = new AlsModel(opts);
    await model.fit(m);
    const scores = new Float32Array(m.items.size);
    for (let u = 0; u < 20; u++) {
      const r = row(m.userItems, u);
      model.scoreAll({ row: r, index: u }, scores);
      const [best] = topItems(scores, 1, (i) => r.indices.includes(i));
      const block = u < 10 ? 0 : 10;
      expect(m.items.idAt(best!.index)).toBe(`i${block + (u % 10)}`);
    }
  });

  it('CG converges to the exact least-squares solution (fold-in)', () => {
    const { itemFactors } = fitAls(m.userItems, m.itemUsers, opts);
    const f = opts.factors;
    const gram = new Float64Array(f * f);
    gramian(itemFactors, m.items.size, f, opts.regularization, gram);
    const r = row(m.userItems, 3);
    const exact = foldInUser(r, itemFactors, f, gram, opts.alpha);
    const x = new Float32Array(f); // from zero
    conjugateGradient(r, itemFactors, f, gram, opts.alpha, x, f); // f steps solve an f-dim system
    for (let a = 0; a < f; a++) expect(x[a]).toBeCloseTo(exact[a]!, 4);
    const rough = new Float32Array(f);
    conjugateGradient(r, itemFactors, f, gram, opts.alpha, rough, 1);
    const err = (v: Float32Array) => Math.hypot(...v.map((x, i) => x - exact[i]!));
    expect(err(rough)).toBeGreaterThan(err(x));
  });

  it("fold-in reproduces a trained user's factors closely and takes no training", async () => {
    const model = new AlsModel({ ...opts, iterations: 30, cgSteps: 8 });
    await model.fit(m);
    const r = row(m.userItems, 5);
    const trained = model.userVector({ row: r, index: 5 });
    const folded = model.userVector({ row: r });
    const cos = trained.reduce((s, v, i) => s + v * folded[i]!, 0) / (Math.hypot(...trained) * Math.hypot(...folded));
    expect(cos).toBeGreaterThan(0.999);
  });

  it("explain decomposes the score into the user's items", async () => {
    const model = new AlsModel(opts);
    await model.fit(m);
    const r = row(m.userItems, 0);
    const target = m.items.indexOf('i0')!; // user 0 misses i0
    const f = opts.factors;
    const gram = new Float64Array(f * f);
    gramian(model.factors!.itemFactors, m.items.size, f, opts.regularization, gram);
    const { total, contributions } = explainScore(r, target, model.factors!.itemFactors, f, gram, opts.alpha);
    const folded = model.userVector({ row: r });
    let score = 0;
    for (let a = 0; a < f; a++) score += folded[a]! * model.factors!.itemFactors[target * f + a]!;
    expect(total).toBeCloseTo(score, 4);
    expect(contributions).toHaveLength(r.indices.length);
    // every contributor comes from the same block
    expect(contributions.slice(0, 3).every((c) => Number(m.items.idAt(c.index).slice(1)) < 10)).toBe(true);
  });

  it('userSystem builds A = G + Σ(c−1)yyᵀ and b = Σ c y', () => {
    const y = Float32Array.from([1, 0, 0, 2]); // two items, f = 2
    const gram = Float64Array.from([1, 0, 0, 1]);
    const { a, b } = userSystem({ indices: Int32Array.from([1]), values: Float32Array.from([1]) }, y, 2, gram, 3);
    expect(Array.from(a)).toEqual([1, 0, 0, 1 + 3 * 4]);
    expect(Array.from(b)).toEqual([0, 8]);
  });
});

describe('item-kNN', () => {
  const m = checkerboard();

  it('neighbours stay within the taste block', async () => {
    const model = new ItemKnnModel({ neighbours: 5, weighting: 'cosine', k1: 100, b: 0.8 });
    await model.fit(m);
    const similar = model.similarItems(m.items.indexOf('i3')!, 5);
    expect(similar).toHaveLength(5);
    expect(similar.every((s) => Number(m.items.idAt(s.index).slice(1)) < 10)).toBe(true);
    // cosine of two items in the block: each seen by 9 users, 8 shared → 8/9
    expect(similar[0]!.score).toBeCloseTo(8 / 9, 5);
  });

  it("scores a user's missing item highest", async () => {
    const model = new ItemKnnModel({ neighbours: 20, weighting: 'bm25', k1: 100, b: 0.8 });
    await model.fit(m);
    const r = row(m.userItems, 12);
    const scores = new Float32Array(m.items.size);
    model.scoreAll({ row: r }, scores);
    const [best] = topItems(scores, 1, (i) => r.indices.includes(i));
    expect(m.items.idAt(best!.index)).toBe('i12');
  });

  it('BM25 down-weights heavy users', () => {
    // items × users: item 0 seen by users 0 and 1; user 1 has seen everything
    const items = buildCsr(3, 2, [0, 0, 1, 2], [0, 1, 1, 1], [1, 1, 1, 1]);
    const w = bm25Weight(items, 100, 0.8);
    const idfLight = Math.log(3) - Math.log1p(1);
    const idfHeavy = Math.log(3) - Math.log1p(3);
    expect(idfHeavy).toBeLessThan(0);
    // item 0, user 0 (light) carries more weight than item 0, user 1 (heavy)
    expect(w.data[0]).toBeGreaterThan(w.data[1]!);
    expect(Math.sign(w.data[0]!)).toBe(Math.sign(idfLight));
  });
});

describe('popularity and blend', () => {
  it('popular ranks by number of users; the blend of equal models ranks like each', async () => {
    const m = buildInteractionMatrix([
      { userId: 'a', itemId: 'x', value: 1 },
      { userId: 'b', itemId: 'x', value: 1 },
      { userId: 'b', itemId: 'y', value: 1 },
      { userId: 'c', itemId: 'z', value: 1 },
      { userId: 'c', itemId: 'x', value: 1 },
    ]);
    const pop = new PopularityModel();
    const blend = new BlendModel([
      { model: pop, weight: 1 },
      { model: new PopularityModel(), weight: 1 },
    ]);
    await blend.fit(m);
    const scores = new Float32Array(3);
    pop.scoreAll({ row: row(m.userItems, 0) }, scores);
    expect(Array.from(scores)).toEqual([3, 1, 1]);
    blend.scoreAll({ row: row(m.userItems, 0) }, scores);
    // user a has seen x: the union is {y, z}; both count 1 → no spread → 0 each
    expect(scores[0]).toBe(-Infinity);
    expect(scores[1]).toBe(0);
  });
});

describe('parallel ALS', () => {
  for (const kernels of [true, false]) {
    it(`gives exactly the single-threaded factors (${kernels ? 'SIMD kernels' : 'JavaScript path'})`, async () => {
      const { fitAlsParallel } = await import('../../../src/algorithms/cf/als-parallel.js');
      const m = checkerboard();
      const opts = { factors: 6, regularization: 0.1, alpha: 10, iterations: 5, cgSteps: 3, seed: 1 };
      const single = fitAls(m.userItems, m.itemUsers, opts, { kernels });
      const parallel = await fitAlsParallel(m.userItems, m.itemUsers, opts, { threads: 2, kernels });
      expect(Array.from(parallel.itemFactors)).toEqual(Array.from(single.itemFactors));
      expect(Array.from(parallel.userFactors)).toEqual(Array.from(single.userFactors));
    });
  }

  it('trains the same model on the SIMD kernels (float32) as on the JavaScript path (doubles)', () => {
    const random = seededRandom(9);
    const records = Array.from({ length: 600 }, () => ({ userId: `u${Math.floor(random() * 60)}`, itemId: `i${Math.floor(random() ** 2 * 40)}`, value: 1 }));
    const m = buildInteractionMatrix(records);
    const opts = { factors: 13, regularization: 1, alpha: 10, iterations: 4, cgSteps: 3, seed: 2 };
    const js = fitAls(m.userItems, m.itemUsers, opts, { kernels: false });
    const simd = fitAls(m.userItems, m.itemUsers, opts);
    let worst = 0;
    for (let i = 0; i < js.itemFactors.length; i++) worst = Math.max(worst, Math.abs(js.itemFactors[i]! - simd.itemFactors[i]!));
    expect(worst).toBeLessThan(1e-3);
  });
});
