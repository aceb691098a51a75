import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix } from '../../../src/algorithms/cf/matrix.js';
import { beyondAccuracy, referenceSpace } from '../../../src/evaluation/beyond.js';

/** Ten users; item a is everyone's, b is half's, c is one user's. */
function train() {
  const records: Array<{ userId: string; itemId: string; value: number }> = [];
  for (let u = 0; u < 10; u++) {
    records.push({ userId: `u${u}`, itemId: 'a', value: 1 });
    if (u < 5) records.push({ userId: `u${u}`, itemId: 'b', value: 1 });
    if (u === 0) records.push({ userId: `u${u}`, itemId: 'c', value: 1 });
  }
  return buildInteractionMatrix(records);
}

const GENRES: Record<string, string[]> = { a: ['Crime'], b: ['Crime', 'Drama'], c: ['Family'] };

describe('beyond-accuracy figures', () => {
  it('novelty is the mean self-information of the recommended items', async () => {
    const space = await referenceSpace(train(), (id) => GENRES[id]);
    const relevant = new Map([['u1', new Set(['c'])]]);
    const got = beyondAccuracy(new Map([['u1', ['a', 'b', 'c']]]), relevant, 3, space);
    expect(got.novelty).toBeCloseTo((0 + 1 + Math.log2(10)) / 3, 10);
  });

  it('diversity by genre is the mean pairwise Jaccard distance', async () => {
    const space = await referenceSpace(train(), (id) => GENRES[id]);
    const got = beyondAccuracy(new Map([['u1', ['a', 'b', 'c']]]), new Map(), 3, space);
    // a–b share 1 of 2 genres, a–c and b–c none.
    expect(got.genreDiversity).toBeCloseTo((0.5 + 1 + 1) / 3, 10);
    expect(got.factorDiversity).toBeGreaterThanOrEqual(0);
    const none = beyondAccuracy(new Map([['u1', ['a', 'b']]]), new Map(), 2, await referenceSpace(train()));
    expect(none.genreDiversity).toBeUndefined();
  });

  it('splits nDCG by the users’ train history length', async () => {
    const space = await referenceSpace(train());
    const relevant = new Map([
      ['u0', new Set(['x'])], // three train items: bucket 1–5, a miss
      ['u7', new Set(['b'])], // one train item: bucket 1–5, a hit at rank 1
    ]);
    const got = beyondAccuracy(
      new Map([
        ['u0', ['y']],
        ['u7', ['b']],
      ]),
      relevant,
      1,
      space,
    );
    const light = got.byHistory.find((h) => h.bucket === '1–5')!;
    expect(light.users).toBe(2);
    expect(light.ndcg).toBeCloseTo(0.5, 10);
    expect(got.byHistory.filter((h) => h.bucket !== '1–5').every((h) => h.users === 0)).toBe(true);
  });
});
