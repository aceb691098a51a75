/**
 * Plain JavaScript twins of the kernels in kernels.wat, over typed arrays and element offsets.
 * They define what each kernel computes; the kernels test checks the WebAssembly agrees within
 * float tolerance. The engine's own fall-back paths (als.ts, the scoring loops) compute the same
 * things in doubles.
 */

/** Σ a[ao + i]·b[bo + i] for i < n. */
export function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i]! * b[bo + i]!;
  return s;
}

/** y[yo + i] += alpha·x[xo + i] for i < n. */
export function axpy(alpha: number, x: Float32Array, xo: number, y: Float32Array, yo: number, n: number): void {
  for (let i = 0; i < n; i++) y[yo + i] = y[yo + i]! + alpha * x[xo + i]!;
}

/** out[r] = Σ_k m[r·cols + k]·x[k] for r < rows. */
export function gemv(m: Float32Array, x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) out[r] = dot(m, r * cols, x, 0, cols);
}

/** Rows a0 ≤ a < a1 of out += Σ_r y_r y_rᵀ over the rows of y (rows × f), out f × f row-major. */
export function gram(y: Float32Array, rows: number, f: number, out: Float32Array, a0 = 0, a1 = f): void {
  for (let r = 0; r < rows; r++) for (let a = a0; a < a1; a++) axpy(y[r * f + a]!, y, r * f, out, a * f, f);
}

/**
 * `steps` conjugate-gradient steps on A x = b with A = G + Σ (c_k − 1) y_k y_kᵀ,
 * b = Σ c_k y_k, c_k = 1 + alpha·val[k] over k in [start, end); x starts from and is written
 * back to x[xo..xo + f].
 */
export function cgRow(
  g: Float32Array,
  y: Float32Array,
  x: Float32Array,
  xo: number,
  idx: Int32Array,
  val: Float32Array,
  start: number,
  end: number,
  f: number,
  alpha: number,
  steps: number,
): void {
  const v = x.slice(xo, xo + f);
  const r = new Float32Array(f);
  const ap = new Float32Array(f);
  gemv(g, v, r, f, f);
  for (let a = 0; a < f; a++) r[a] = -r[a]!;
  for (let k = start; k < end; k++) {
    const c = 1 + alpha * val[k]!;
    const yo = idx[k]! * f;
    axpy(c - (c - 1) * dot(y, yo, v, 0, f), y, yo, r, 0, f);
  }
  const p = r.slice();
  let rsold = dot(r, 0, r, 0, f);
  for (let it = 0; it < steps && rsold >= 1e-20; it++) {
    gemv(g, p, ap, f, f);
    for (let k = start; k < end; k++) {
      const yo = idx[k]! * f;
      axpy(alpha * val[k]! * dot(y, yo, p, 0, f), y, yo, ap, 0, f);
    }
    const pAp = dot(p, 0, ap, 0, f);
    if (!(pAp > 0)) break;
    const step = rsold / pAp;
    axpy(step, p, 0, v, 0, f);
    axpy(-step, ap, 0, r, 0, f);
    const rsnew = dot(r, 0, r, 0, f);
    for (let a = 0; a < f; a++) p[a] = r[a]! + (rsnew / rsold) * p[a]!;
    rsold = rsnew;
  }
  x.set(v, xo);
}
