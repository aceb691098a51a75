/**
 * Implicit-feedback alternating least squares.
 *
 * Model (Hu, Koren & Volinsky, "Collaborative Filtering for Implicit Feedback Datasets",
 * ICDM 2008): preference p_ui = 1 for observed pairs and 0 otherwise, confidence
 * c_ui = 1 + alpha · r_ui; minimise Σ c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) over all
 * pairs. Each half-step solves, per user, (YᵀY + λI + Σ_{i∈I_u} (c_ui − 1) y_i y_iᵀ) x_u =
 * Σ_{i∈I_u} c_ui y_i, touching only the user's observed items thanks to the shared YᵀY.
 *
 * Solver (Takács, Pilászy & Tikk, "Applications of the Conjugate Gradient Method for Implicit
 * Feedback Collaborative Filtering", RecSys 2011): a few conjugate-gradient steps warm-started
 * from the previous factors instead of an exact O(f³) solve per user.
 *
 * Factors are stored row-major in Float32Arrays (n × f); arithmetic is in doubles.
 */
import { throwIfAborted } from '../../core/errors.js';
import { seededRandom } from '../../core/random.js';
import type { Progress } from '../../core/types.js';
import { halfStep, layoutAls, readFactors } from './als-kernels.js';
import type { Csr } from './matrix.js';

/**
 * Hyper-parameters of {@link fitAls}. There are no defaults at this level: the engine's are the
 * ALS source's settings (sources/collaborative), which `fit()` tunes on the host's data.
 */
export interface AlsOptions {
  /** Latent dimension f. */
  factors: number;
  /** λ, the L2 regularisation. */
  regularization: number;
  /** Confidence slope: c = 1 + alpha · r. */
  alpha: number;
  /** Alternating sweeps. */
  iterations: number;
  /** Conjugate-gradient steps per user per sweep. */
  cgSteps: number;
  /** Seed of the initial factors. */
  seed: number;
}

/** Trained factors. */
export interface AlsFactors {
  factors: number;
  /** users × f */
  userFactors: Float32Array;
  /** items × f */
  itemFactors: Float32Array;
}

/** Extra controls of {@link fitAls}. */
export interface AlsRunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Called after each sweep with its duration in seconds (for benchmarks). */
  onIteration?: (iteration: number, seconds: number) => void;
  /**
   * Train on the WebAssembly SIMD kernels in float32 (default true where available); false
   * takes the double-precision JavaScript path, the reference the kernels are tested against.
   */
  kernels?: boolean;
}

/** Small zero-mean uniform factors scaled by 1/sqrt(f), so initial dot products start near 0. */
export function initialFactors(users: number, items: number, o: AlsOptions): { userFactors: Float32Array; itemFactors: Float32Array } {
  const f = o.factors;
  const random = seededRandom(o.seed);
  const init = (n: number) => Float32Array.from({ length: n * f }, () => (random() - 0.5) / Math.sqrt(f));
  const userFactors = init(users);
  return { userFactors, itemFactors: init(items) };
}

/** Fits user and item factors to a users × items confidence matrix and its transpose. */
export function fitAls(userItems: Csr, itemUsers: Csr, o: AlsOptions, run: AlsRunOptions = {}): AlsFactors {
  const f = o.factors;
  const { userFactors, itemFactors } = initialFactors(userItems.rows, itemUsers.rows, o);
  const wasm = run.kernels === false ? undefined : layoutAls(userItems, itemUsers, o, 1, userFactors, itemFactors);
  const scratch = new AlsScratch(f);
  for (let it = 0; it < o.iterations; it++) {
    throwIfAborted(run.signal, 'ALS training');
    const started = performance.now();
    if (wasm) {
      halfStep(wasm.heap, wasm.layout, 'users', o.regularization);
      halfStep(wasm.heap, wasm.layout, 'items', o.regularization);
    } else {
      sweep(userItems, userFactors, itemFactors, o, scratch);
      sweep(itemUsers, itemFactors, userFactors, o, scratch);
    }
    run.onIteration?.(it, (performance.now() - started) / 1000);
    run.onProgress?.({ stage: 'als', done: it + 1, total: o.iterations });
  }
  return { factors: f, ...(wasm ? readFactors(wasm.heap, wasm.layout) : { userFactors, itemFactors }) };
}

/** Work buffers reused across rows, so a sweep allocates nothing per row. */
export class AlsScratch {
  readonly gram: Float64Array;
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  constructor(f: number) {
    this.gram = new Float64Array(f * f);
    this.x = new Float64Array(f);
    this.r = new Float64Array(f);
    this.p = new Float64Array(f);
    this.ap = new Float64Array(f);
  }
}

/** YᵀY + λI into `out` (f × f, row-major). */
export function gramian(y: Float32Array, rows: number, f: number, lambda: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const base = i * f;
    for (let a = 0; a < f; a++) {
      const ya = y[base + a]!;
      if (ya === 0) continue;
      const rowA = a * f;
      // Upper triangle only; mirrored below.
      for (let b = a; b < f; b++) out[rowA + b]! += ya * y[base + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    out[a * f + a]! += lambda;
    for (let b = a + 1; b < f; b++) out[b * f + a] = out[a * f + b]!;
  }
}

/** One half-step: recompute every row of `x` with `y` fixed. */
function sweep(m: Csr, x: Float32Array, y: Float32Array, o: AlsOptions, s: AlsScratch): void {
  const f = o.factors;
  gramian(y, m.cols, f, o.regularization, s.gram);
  for (let u = 0; u < m.rows; u++) {
    const start = m.indptr[u]!;
    const end = m.indptr[u + 1]!;
    if (start === end) continue; // nothing observed: keep the row as it is
    cgSolveRow(s, m.indices, m.data, start, end, y, f, o.alpha, x, u * f, o.cgSteps);
  }
}

/**
 * out = M v for a dense f × f row-major M: the O(f²) heart of every CG step. Four independent
 * accumulators let the CPU overlap multiply-adds instead of waiting on one running sum.
 */
export function matVec(m: Float64Array, v: Float64Array, out: Float64Array, f: number): void {
  for (let a = 0; a < f; a++) {
    const row = a * f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let b = 0;
    for (; b + 3 < f; b += 4) {
      s0 += m[row + b]! * v[b]!;
      s1 += m[row + b + 1]! * v[b + 1]!;
      s2 += m[row + b + 2]! * v[b + 2]!;
      s3 += m[row + b + 3]! * v[b + 3]!;
    }
    for (; b < f; b++) s0 += m[row + b]! * v[b]!;
    out[a] = s0 + s1 + s2 + s3;
  }
}

/**
 * Runs `steps` conjugate-gradient steps on A x = b for one row, where
 * A = G + Σ (c_i − 1) y_i y_iᵀ, b = Σ c_i y_i, starting from (and writing back to) x[xOff..].
 */
export function cgSolveRow(
  s: AlsScratch,
  idx: Int32Array,
  val: Float32Array,
  start: number,
  end: number,
  y: Float32Array,
  f: number,
  alpha: number,
  xOut: Float32Array,
  xOff: number,
  steps: number,
): void {
  const { gram, x, r, p, ap } = s;
  for (let a = 0; a < f; a++) x[a] = xOut[xOff + a]!;
  // r = b − A x
  matVec(gram, x, r, f);
  for (let a = 0; a < f; a++) r[a] = -r[a]!;
  for (let k = start; k < end; k++) {
    const c = 1 + alpha * val[k]!;
    const base = idx[k]! * f;
    let yx = 0;
    for (let a = 0; a < f; a++) yx += y[base + a]! * x[a]!;
    const coef = c - (c - 1) * yx;
    for (let a = 0; a < f; a++) r[a]! += coef * y[base + a]!;
  }
  let rsold = 0;
  for (let a = 0; a < f; a++) {
    p[a] = r[a]!;
    rsold += r[a]! * r[a]!;
  }
  for (let step = 0; step < steps; step++) {
    if (rsold < 1e-20) break;
    // ap = A p
    matVec(gram, p, ap, f);
    for (let k = start; k < end; k++) {
      const base = idx[k]! * f;
      let yp = 0;
      for (let a = 0; a < f; a++) yp += y[base + a]! * p[a]!;
      const coef = alpha * val[k]! * yp; // (c − 1) = alpha · r
      for (let a = 0; a < f; a++) ap[a]! += coef * y[base + a]!;
    }
    let pAp = 0;
    for (let a = 0; a < f; a++) pAp += p[a]! * ap[a]!;
    if (!(pAp > 0)) break;
    const step_ = rsold / pAp;
    let rsnew = 0;
    for (let a = 0; a < f; a++) {
      x[a]! += step_ * p[a]!;
      r[a]! -= step_ * ap[a]!;
      rsnew += r[a]! * r[a]!;
    }
    const beta = rsnew / rsold;
    for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
    rsold = rsnew;
  }
  for (let a = 0; a < f; a++) xOut[xOff + a] = x[a]!;
}
