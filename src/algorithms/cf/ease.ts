/**
 * EASE (H. Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-item
 * weight matrix in closed form, B = I − P · diag(1 / diag(P)) with P = (XᵀX + λI)⁻¹ and a zero
 * diagonal; a user's scores are x_u B. The inverse is dense and O(m³), so only the `maxItems`
 * most popular items take part; the others are never recommended by this model.
 */
import type { InteractionMatrix } from './matrix.js';
import { topItems, type CollaborativeModel, type Scored, type UserQuery } from './models.js';

/** Options of {@link EaseModel}. */
export interface EaseOptions {
  /** L2 regularisation λ. @default 200 */
  regularization: number;
  /** Most popular items kept (memory m² doubles, time m³). @default 2000 */
  maxItems: number;
}

/** Inverts a symmetric positive-definite n × n row-major matrix in place (Gauss-Jordan, no pivoting needed). */
export function invertSpd(a: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const kk = k * n;
    const pivot = a[kk + k]!;
    const inv = 1 / pivot;
    for (let j = 0; j < n; j++) a[kk + j]! *= inv;
    a[kk + k] = inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ii = i * n;
      const factor = a[ii + k]!;
      if (factor === 0) continue;
      a[ii + k] = 0;
      for (let j = 0; j < n; j++) a[ii + j]! -= factor * a[kk + j]!;
    }
  }
}

export class EaseModel implements CollaborativeModel {
  readonly name = 'ease';
  readonly options: EaseOptions;
  /** Model index → local index in B (-1 when the item is not modelled). */
  private local = new Int32Array(0);
  private kept = new Int32Array(0);
  private b = new Float32Array(0);

  constructor(options: Partial<EaseOptions> = {}) {
    this.options = { regularization: 200, maxItems: 2000, ...options };
  }

  fit(matrix: InteractionMatrix): void {
    const m = matrix.itemUsers;
    const counts = Array.from({ length: m.rows }, (_, i) => ({ i, n: m.indptr[i + 1]! - m.indptr[i]! }));
    counts.sort((x, y) => y.n - x.n || x.i - y.i);
    const kept = counts
      .filter((c) => c.n > 0)
      .slice(0, this.options.maxItems)
      .map((c) => c.i);
    const n = kept.length;
    const local = new Int32Array(m.rows).fill(-1);
    kept.forEach((item, k) => (local[item] = k));
    const g = new Float64Array(n * n);
    const ui = matrix.userItems;
    for (let u = 0; u < ui.rows; u++) {
      const mine: number[] = [];
      for (let p = ui.indptr[u]!; p < ui.indptr[u + 1]!; p++) {
        const l = local[ui.indices[p]!]!;
        if (l >= 0) mine.push(l);
      }
      for (const a of mine) for (const b of mine) g[a * n + b]! += 1;
    }
    for (let k = 0; k < n; k++) g[k * n + k]! += this.options.regularization;
    invertSpd(g, n);
    const b = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) b[i * n + j] = i === j ? 0 : -g[i * n + j]! / g[j * n + j]!;
    }
    this.local = local;
    this.kept = Int32Array.from(kept);
    this.b = b;
  }

  scoreAll(user: UserQuery, out: Float32Array): void {
    out.fill(-Infinity);
    const n = this.kept.length;
    const acc = new Float64Array(n);
    for (const item of user.row.indices) {
      const l = item < this.local.length ? this.local[item]! : -1;
      if (l < 0) continue;
      const base = l * n;
      for (let j = 0; j < n; j++) acc[j]! += this.b[base + j]!;
    }
    for (let j = 0; j < n; j++) {
      const item = this.kept[j]!;
      if (item < out.length) out[item] = acc[j]!;
    }
  }

  similarItems(item: number, count: number): Scored[] {
    const l = item < this.local.length ? this.local[item]! : -1;
    if (l < 0) return [];
    const n = this.kept.length;
    const scores = new Float32Array(this.local.length).fill(-Infinity);
    for (let j = 0; j < n; j++) scores[this.kept[j]!] = this.b[l * n + j]!;
    return topItems(scores, count, (i) => i === item);
  }
}
