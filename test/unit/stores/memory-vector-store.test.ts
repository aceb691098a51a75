import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryVectorStore } from '../../../src/stores/memory/vector-store.js';

const D = 16;

/** A vector with `nonZero` entries set, so rows land on both the sparse and the dense path. */
const vectorArb = fc
  .tuple(fc.integer({ min: 1, max: D }), fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: D, maxLength: D }))
  .map(([nonZero, values]) => Float32Array.from(values, (v, j) => (j < nonZero ? v || 0.5 : 0)));

type Op = { kind: 'upsert'; id: number; vector: Float32Array } | { kind: 'delete'; id: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('upsert' as const), id: fc.integer({ min: 0, max: 40 }), vector: vectorArb }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 40 }) }),
);

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

describe('MemoryVectorStore sparse and dense rows', () => {
  it('scores every row like a plain cosine after any mix of upserts, rewrites and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 120 }), vectorArb, async (ops, query) => {
        const store = new MemoryVectorStore({ dimension: D });
        const reference = new Map<string, Float32Array>();
        for (const op of ops) {
          if (op.kind === 'upsert') {
            await store.upsert([{ id: `i${op.id}`, vector: op.vector }]);
            reference.set(`i${op.id}`, op.vector);
          } else {
            await store.delete([`i${op.id}`]);
            reference.delete(`i${op.id}`);
          }
        }
        const matches = await store.query(query, { k: reference.size });
        expect(matches).toHaveLength(reference.size);
        for (const m of matches) expect(m.score).toBeCloseTo(cosine(query, reference.get(m.id)!), 4);
        for (let i = 1; i < matches.length; i++) expect(matches[i - 1]!.score).toBeGreaterThanOrEqual(matches[i]!.score);
        // Rows read back as their unit vectors, whichever way they are kept.
        const got = await store.get([...reference.keys()]);
        for (const [id, v] of reference) expect(cosine(got.get(id)!, v)).toBeCloseTo(1, 5);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps scoring right after many rewrites force the sparse pool to compact', async () => {
    const store = new MemoryVectorStore({ dimension: D });
    const query = Float32Array.from({ length: D }, (_, j) => (j % 3) - 1);
    // 2 non-zeros × 1,198 writes outgrow the first pool of 1,024 pairs several times over.
    for (let round = 0; round <= 1197; round++) {
      const vector = new Float32Array(D);
      vector[round % D] = 1;
      vector[(round + 5) % D] = -0.5;
      await store.upsert([{ id: `i${round % 7}`, vector }]);
    }
    const expected = new Float32Array(D);
    expected[1197 % D] = 1; // i0's last write was round 1197 = 171 × 7
    expected[(1197 + 5) % D] = -0.5;
    const [hit] = await store.query(query, { k: 1, ids: ['i0'] });
    expect(hit!.score).toBeCloseTo(cosine(query, expected), 5);
  });
});
