/**
 * Dense vector arithmetic on typed arrays. Loops are written plainly because V8 compiles
 * them to tight machine code; no allocation happens except where a new vector is returned.
 */

/** A read-only numeric vector: a typed array or a plain array. */
export type VectorLike = ArrayLike<number>;

/** Dot product of the first `a.length` entries (callers check lengths). */
export function dot(a: VectorLike, b: VectorLike): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Euclidean length. */
export function norm(a: VectorLike): number {
  return Math.sqrt(dot(a, a));
}

/**
 * Cosine similarity in [-1, 1]; 0 when either vector is all zeros or their lengths differ,
 * so a missing embedding never produces NaN.
 */
export function cosine(a: VectorLike, b: VectorLike): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  if (aa === 0 || bb === 0) return 0;
  const c = ab / Math.sqrt(aa * bb);
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/** A vector's non-zero entries (ascending) and the sum of its squares, for {@link cosineOf}. */
export interface SparseForm {
  indices: Int32Array;
  values: Float32Array;
  /** Σ v[i]², summed in index order like {@link cosine} does. */
  squares: number;
  length: number;
}

/** The sparse form of `v`: cheap to compare when most entries are zero (hashing embeddings). */
export function sparseForm(v: VectorLike): SparseForm {
  let nnz = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let squares = 0;
  for (let i = 0, k = 0; i < v.length; i++) {
    const x = v[i]!;
    squares += x * x;
    if (x !== 0) {
      indices[k] = i;
      values[k++] = x;
    }
  }
  return { indices, values, squares, length: v.length };
}

/**
 * {@link cosine} of two vectors in sparse form, equal to it bit for bit (zero terms add nothing
 * to a float sum, and the other terms are summed in the same order), at a cost of their
 * non-zeros rather than their dimension.
 */
export function cosineOf(a: SparseForm, b: SparseForm): number {
  if (a.length !== b.length || a.length === 0 || a.squares === 0 || b.squares === 0) return 0;
  let ab = 0;
  let i = 0;
  let j = 0;
  const ai = a.indices;
  const bi = b.indices;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) ab += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  const c = ab / Math.sqrt(a.squares * b.squares);
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/** True when every entry is a finite number. */
export function isFiniteVector(v: VectorLike): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** True when every entry is zero. */
export function isZeroVector(v: VectorLike): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
