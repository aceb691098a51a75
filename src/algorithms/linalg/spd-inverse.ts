/**
 * The inverse of a symmetric positive-definite matrix by Cholesky: A = L Lᵀ, M = L⁻¹, A⁻¹ = Mᵀ M
 * (Golub & Van Loan, Matrix Computations, §4.2). About n³/2 multiply-adds, against n³ for
 * Gauss-Jordan. Each of the three passes computes a block of rows at a time while streaming the
 * rows it depends on once per block, so the matrix is read from memory n / block times instead
 * of n times: at n = 2000 (32 MB) the unblocked passes wait on memory, these do not.
 *
 * Row-major, n × n, Float64Array. `invertSpd` overwrites its argument with the full symmetric
 * inverse and returns false (leaving garbage) when the matrix is not positive definite.
 */

/** Rows per block: B rows of n doubles stay in cache while earlier rows stream past. */
const BLOCK = 48;

/** Σ x[xo + t] · y[yo + t] for t < len. */
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += x[xo + t]! * y[yo + t]!;
    s1 += x[xo + t + 1]! * y[yo + t + 1]!;
    s2 += x[xo + t + 2]! * y[yo + t + 2]!;
    s3 += x[xo + t + 3]! * y[yo + t + 3]!;
  }
  for (; t < len; t++) s0 += x[xo + t]! * y[yo + t]!;
  return s0 + s1 + s2 + s3;
}

/** y[yo + t] += a · x[xo + t] for t < len. */
function axpy(a: number, x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void {
  let t = 0;
  for (; t + 3 < len; t += 4) {
    y[yo + t] = y[yo + t]! + a * x[xo + t]!;
    y[yo + t + 1] = y[yo + t + 1]! + a * x[xo + t + 1]!;
    y[yo + t + 2] = y[yo + t + 2]! + a * x[xo + t + 2]!;
    y[yo + t + 3] = y[yo + t + 3]! + a * x[xo + t + 3]!;
  }
  for (; t < len; t++) y[yo + t] = y[yo + t]! + a * x[xo + t]!;
}

/** In place: the lower triangle of `a` becomes L with A = L Lᵀ. False when A is not positive definite. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    // Columns left of the block, from finished rows: each row j is read once for the whole block.
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      const ljj = a[rj + j]!;
      for (let i = i0; i < i1; i++) {
        const ri = i * n;
        a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, j)) / ljj;
      }
    }
    // Inside the block.
    for (let i = i0; i < i1; i++) {
      const ri = i * n;
      for (let j = i0; j < i; j++) {
        const rj = j * n;
        a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, j)) / a[rj + j]!;
      }
      const d = a[ri + i]! - dot(a, ri, a, ri, i);
      if (!(d > 0)) return false;
      a[ri + i] = Math.sqrt(d);
    }
  }
  return true;
}

/** In place: a lower-triangular L (lower triangle of `a`) becomes M = L⁻¹. */
export function invertLower(a: Float64Array, n: number): void {
  const rows = new Float64Array(BLOCK * n);
  const acc = new Float64Array(BLOCK * n);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    const b = i1 - i0;
    rows.set(a.subarray(i0 * n, i1 * n));
    acc.fill(0, 0, b * n);
    // M[i, :] = −(Σ_{k<i} L[i,k] M[k, :]) / L[i,i]: finished rows k first, each read once per block.
    for (let k = 0; k < i0; k++) {
      const rk = k * n;
      for (let r = 0; r < b; r++) {
        const l = rows[r * n + k]!;
        if (l !== 0) axpy(l, a, rk, acc, r * n, k + 1);
      }
    }
    for (let r = 0; r < b; r++) {
      const i = i0 + r;
      for (let k = i0; k < i; k++) {
        const l = rows[r * n + k]!;
        if (l !== 0) axpy(l, acc, (k - i0) * n, acc, r * n, k + 1);
      }
      const inv = 1 / rows[r * n + i]!;
      const ro = r * n;
      for (let j = 0; j < i; j++) acc[ro + j] = -acc[ro + j]! * inv;
      acc[ro + i] = inv;
      // Row i of M is final; later rows of this block read it from `acc`.
    }
    for (let r = 0; r < b; r++) {
      const i = i0 + r;
      a.set(acc.subarray(r * n, r * n + i + 1), (i0 + r) * n);
      a.fill(0, (i0 + r) * n + i + 1, (i0 + r + 1) * n);
    }
  }
}

/** In place: a lower-triangular M becomes the full symmetric Mᵀ M. */
export function lowerGram(a: Float64Array, n: number): void {
  const acc = new Float64Array(BLOCK * n);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    const b = i1 - i0;
    acc.fill(0, 0, b * n);
    // P[i, 0..i] = Σ_{k ≥ i} M[k, i] · M[k, 0..i]; row k is read once per block.
    for (let k = i0; k < n; k++) {
      const rk = k * n;
      const top = Math.min(i1, k + 1);
      for (let i = i0; i < top; i++) {
        const m = a[rk + i]!;
        if (m !== 0) axpy(m, a, rk, acc, (i - i0) * n, i + 1);
      }
    }
    // Rows of this block are no longer read by later blocks (they need k ≥ i1).
    for (let r = 0; r < b; r++) a.set(acc.subarray(r * n, r * n + i0 + r + 1), (i0 + r) * n);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
}

/** In place: `a` (symmetric positive definite) becomes its inverse. False when it is not positive definite. */
export function invertSpd(a: Float64Array, n: number): boolean {
  if (!cholesky(a, n)) return false;
  invertLower(a, n);
  lowerGram(a, n);
  return true;
}
