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
