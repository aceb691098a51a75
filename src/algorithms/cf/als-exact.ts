/**
 * One user's factors solved exactly against fixed item factors (the normal equations with
 * a Cholesky factorisation, O(f³)): folding in a user the last fit did not see, and splitting a
 * score into the contributions of the user's items (Hu, Koren & Volinsky 2008, section 5). The
 * conjugate-gradient solve the fit uses is here for one user too, to test it against the exact one.
 */
import { AlsScratch, cgSolveRow } from './als.js';
import type { SparseRow } from './matrix.js';

/**
 * Runs `steps` conjugate-gradient steps for one user's system, starting from `x` (updated in
 * place). `gram` is YᵀY + λI. Exposed for testing the solver against {@link foldInUser}.
 */
export function conjugateGradient(
  items: SparseRow,
  itemFactors: Float32Array,
  f: number,
  gram: Float64Array,
  alpha: number,
  x: Float32Array,
  steps: number,
): void {
  const s = new AlsScratch(f);
  s.gram.set(gram);
  cgSolveRow(s, items.indices, items.values, 0, items.indices.length, itemFactors, f, alpha, x, 0, steps);
}

/**
 * The matrix A_u = YᵀY + λI + Σ (c_i − 1) y_i y_iᵀ of one user's exact least-squares problem,
 * and its right-hand side b = Σ c_i y_i.
 */
export function userSystem(items: SparseRow, itemFactors: Float32Array, f: number, gram: Float64Array, alpha: number): { a: Float64Array; b: Float64Array } {
  const a = gram.slice();
  const b = new Float64Array(f);
  for (let k = 0; k < items.indices.length; k++) {
    const c = 1 + alpha * items.values[k]!;
    const base = items.indices[k]! * f;
    for (let i = 0; i < f; i++) {
      const yi = itemFactors[base + i]!;
      b[i]! += c * yi;
      const w = (c - 1) * yi;
      if (w === 0) continue;
      const row = i * f;
      for (let j = 0; j < f; j++) a[row + j]! += w * itemFactors[base + j]!;
    }
  }
  return { a, b };
}

/**
 * In-place Cholesky factorisation of a symmetric positive-definite f × f matrix (lower triangle
 * holds L afterwards). Returns false when the matrix is not positive definite.
 */
export function cholesky(a: Float64Array, f: number): boolean {
  for (let j = 0; j < f; j++) {
    let d = a[j * f + j]!;
    for (let k = 0; k < j; k++) d -= a[j * f + k]! * a[j * f + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * f + j] = ljj;
    for (let i = j + 1; i < f; i++) {
      let s = a[i * f + j]!;
      for (let k = 0; k < j; k++) s -= a[i * f + k]! * a[j * f + k]!;
      a[i * f + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place in `b`, with L from {@link cholesky}. */
export function choleskySolve(l: Float64Array, f: number, b: Float64Array): void {
  for (let i = 0; i < f; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * f + k]! * b[k]!;
    b[i] = s / l[i * f + i]!;
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < f; k++) s -= l[k * f + i]! * b[k]!;
    b[i] = s / l[i * f + i]!;
  }
}

/**
 * Fold-in: the exact factors of one user from their interactions, with item factors fixed
 * (the least-squares solution ALS would give them), without retraining anyone else. `gram` is
 * YᵀY + λI, computed once per model by {@link gramian}.
 */
export function foldInUser(items: SparseRow, itemFactors: Float32Array, f: number, gram: Float64Array, alpha: number): Float32Array {
  if (items.indices.length === 0) return new Float32Array(f);
  const { a, b } = userSystem(items, itemFactors, f, gram, alpha);
  if (!cholesky(a, f)) return new Float32Array(f);
  choleskySolve(a, f, b);
  return Float32Array.from(b);
}

/**
 * Why the model recommends `item` to a user (Hu et al. §5): the score decomposes as
 * Σ_j c_uj · (y_iᵀ A_u⁻¹ y_j) over the user's items j. Returns each item's contribution,
 * largest first, and their sum (the model's score for the item).
 */
export function explainScore(
  items: SparseRow,
  item: number,
  itemFactors: Float32Array,
  f: number,
  gram: Float64Array,
  alpha: number,
): { total: number; contributions: Array<{ index: number; contribution: number }> } {
  const { a } = userSystem(items, itemFactors, f, gram, alpha);
  if (!cholesky(a, f)) return { total: 0, contributions: [] };
  const z = Float64Array.from(itemFactors.subarray(item * f, (item + 1) * f));
  choleskySolve(a, f, z); // z = A_u⁻¹ y_i (A_u is symmetric)
  const contributions: Array<{ index: number; contribution: number }> = [];
  let total = 0;
  for (let k = 0; k < items.indices.length; k++) {
    const j = items.indices[k]!;
    const c = 1 + alpha * items.values[k]!;
    let dotZ = 0;
    for (let t = 0; t < f; t++) dotZ += z[t]! * itemFactors[j * f + t]!;
    const contribution = c * dotZ;
    total += contribution;
    contributions.push({ index: j, contribution });
  }
  contributions.sort((x, y) => y.contribution - x.contribution);
  return { total, contributions };
}
