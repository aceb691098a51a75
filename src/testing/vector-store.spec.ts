import assert from 'node:assert/strict';
import { DimensionMismatchError, SonaError } from '../core/errors.js';
import type { VectorStore } from '../stores/types.js';
import { defineCases, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

/** A unit vector along axis `i` (plus an optional tilt towards axis `j`). */
function axis(d: number, i: number, j?: number, tilt = 0): Float32Array {
  const v = new Float32Array(d);
  v[i] = 1;
  if (j !== undefined) v[j] = tilt;
  return v;
}

const close = (a: number, b: number, eps = 1e-5) => assert.ok(Math.abs(a - b) <= eps, `${a} ≈ ${b}`);

/**
 * The contract every {@link VectorStore} must meet. `make` must return an empty store of
 * dimension `options.dimension` (default 4).
 */
export function vectorStoreSpec(make: StoreFactory<VectorStore>, options: SpecOptions<VectorStore> & { dimension?: number } = {}): ConformanceCase[] {
  const d = options.dimension ?? 4;
  return defineCases(make, options, {
    'vectors: reports its dimension': async (store) => {
      assert.equal(store.dimension, d);
    },
    'vectors: query ranks by cosine similarity, best first': async (store) => {
      await store.upsert([
        { id: 'x', vector: axis(d, 0) },
        { id: 'x-ish', vector: axis(d, 0, 1, 0.5) },
        { id: 'y', vector: axis(d, 1) },
        { id: 'minus-x', vector: axis(d, 0).map((v) => -v) },
      ]);
      const hits = await store.query(axis(d, 0), { k: 4 });
      assert.deepEqual(
        hits.map((h) => h.id),
        ['x', 'x-ish', 'y', 'minus-x'],
      );
      close(hits[0]!.score, 1);
      close(hits[1]!.score, 1 / Math.sqrt(1.25));
      close(hits[2]!.score, 0);
      close(hits[3]!.score, -1);
    },
    'vectors: similarity ignores vector length': async (store) => {
      await store.upsert([{ id: 'long', vector: axis(d, 0).map((v) => v * 42) }]);
      const [hit] = await store.query(
        axis(d, 0).map((v) => v * 0.01),
        { k: 1 },
      );
      close(hit!.score, 1);
    },
    'vectors: k limits the results': async (store) => {
      await store.upsert(Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, vector: axis(d, i % d, (i + 1) % d, i / 10) })));
      assert.equal((await store.query(axis(d, 0), { k: 3 })).length, 3);
      assert.equal((await store.query(axis(d, 0), { k: 0 })).length, 0);
    },
    'vectors: ids and excludeIds filter matches': async (store) => {
      await store.upsert([
        { id: 'a', vector: axis(d, 0) },
        { id: 'b', vector: axis(d, 0, 1, 0.1) },
        { id: 'c', vector: axis(d, 0, 1, 0.2) },
      ]);
      assert.deepEqual(
        (await store.query(axis(d, 0), { k: 3, excludeIds: ['a'] })).map((h) => h.id),
        ['b', 'c'],
      );
      assert.deepEqual(
        (await store.query(axis(d, 0), { k: 3, ids: ['c', 'a', 'zz'] })).map((h) => h.id),
        ['a', 'c'],
      );
      assert.deepEqual(
        (await store.query(axis(d, 0), { k: 3, ids: ['a', 'b'], excludeIds: ['a'] })).map((h) => h.id),
        ['b'],
      );
    },
    'vectors: upsert replaces, get returns stored vectors': async (store) => {
      await store.upsert([{ id: 'a', vector: axis(d, 0) }]);
      await store.upsert([{ id: 'a', vector: axis(d, 1) }]);
      assert.equal(await store.count(), 1);
      const got = await store.get(['a', 'missing']);
      assert.deepEqual([...got.keys()], ['a']);
      assert.ok(got.get('a') instanceof Float32Array);
      const [hit] = await store.query(axis(d, 1), { k: 1 });
      assert.equal(hit!.id, 'a');
      close(hit!.score, 1);
    },
    'vectors: get returns vectors of the same direction': async (store) => {
      const v = new Float32Array(d).map((_, i) => i + 1);
      await store.upsert([{ id: 'a', vector: v }]);
      const got = (await store.get(['a'])).get('a')!;
      const dot = got.reduce((s, x, i) => s + x * v[i]!, 0);
      const n = (u: Float32Array) => Math.sqrt(u.reduce((s, x) => s + x * x, 0));
      close(dot / (n(got) * n(v)), 1);
    },
    'vectors: fingerprints are stored with their vectors and replaced with them': async (store) => {
      await store.upsert([
        { id: 'a', vector: axis(d, 0), fingerprint: 'model-1:abc' },
        { id: 'b', vector: axis(d, 1) },
      ]);
      const first = await store.fingerprints(['a', 'b', 'missing']);
      assert.deepEqual([...first.entries()].sort(), [
        ['a', 'model-1:abc'],
        ['b', ''],
      ]);
      await store.upsert([{ id: 'a', vector: axis(d, 1), fingerprint: "model-2:'; DROP TABLE x; --" }]);
      assert.equal((await store.fingerprints(['a'])).get('a'), "model-2:'; DROP TABLE x; --");
      await store.delete(['a']);
      assert.equal((await store.fingerprints(['a'])).size, 0);
      assert.equal((await store.fingerprints([])).size, 0);
    },
    'vectors: delete removes and counts': async (store) => {
      await store.upsert([
        { id: 'a', vector: axis(d, 0) },
        { id: 'b', vector: axis(d, 1) },
        { id: 'c', vector: axis(d, 2 % d) },
      ]);
      assert.equal(await store.delete(['a', 'zz']), 1);
      assert.equal(await store.count(), 2);
      const ids = (await store.query(axis(d, 0), { k: 10 })).map((h) => h.id).sort();
      assert.deepEqual(ids, ['b', 'c']);
    },
    'vectors: a wrong dimension is refused and nothing is written': async (store) => {
      await assert.rejects(
        store.upsert([
          { id: 'ok', vector: axis(d, 0) },
          { id: 'bad', vector: new Float32Array(d + 1) },
        ]),
        DimensionMismatchError,
      );
      assert.equal(await store.count(), 0);
      await assert.rejects(store.query(new Float32Array(d + 1), { k: 1 }), DimensionMismatchError);
    },
    'vectors: NaN is refused': async (store) => {
      const v = axis(d, 0);
      v[0] = Number.NaN;
      await assert.rejects(store.upsert([{ id: 'nan', vector: v }]), SonaError);
      assert.equal(await store.count(), 0);
    },
    'vectors: an all-zero query matches with score 0': async (store) => {
      await store.upsert([{ id: 'a', vector: axis(d, 0) }]);
      const hits = await store.query(new Float32Array(d), { k: 1 });
      assert.equal(hits.length, 1);
      close(hits[0]!.score, 0);
    },
  });
}
