/**
 * EASE (H. Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-item
 * weight matrix in closed form, B = I − P · diag(1 / diag(P)) with P = (XᵀX + λI)⁻¹ and a zero
 * diagonal; a user's scores are x_u B. The inverse is dense and O(m³), so only the `maxItems`
 * most popular items take part (the others are never scored by this model), and each row of B
 * keeps its `neighbours` largest weights by magnitude, so serving and snapshots stay sparse.
 */
import { invertSpd } from '../linalg/spd-inverse.js';
import { ItemItemModel, topKRows } from './item-item.js';
import type { InteractionMatrix } from './matrix.js';

/** Options of {@link EaseModel}. */
export interface EaseOptions {
  /** L2 regularisation λ. */
  regularization: number;
  /** Most popular items kept (memory m² doubles, time m³). */
  maxItems: number;
  /** Weights kept per item row of B (by magnitude); the dense model when ≥ the items kept. */
  neighbours: number;
}

/** XᵀX over the kept items, shared by fits of the same matrix with other λ (the tuner's). */
interface Gram {
  kept: Int32Array;
  gram: Float64Array;
}
const grams = new WeakMap<InteractionMatrix, Map<number, Gram>>();

/** The `maxItems` most popular items (ties by index) and XᵀX over them. */
function gramOf(matrix: InteractionMatrix, maxItems: number): Gram {
  let byCap = grams.get(matrix);
  if (!byCap) grams.set(matrix, (byCap = new Map()));
  const cached = byCap.get(maxItems);
  if (cached) return cached;
  const m = matrix.itemUsers;
  const counts = Array.from({ length: m.rows }, (_, i) => ({ i, n: m.indptr[i + 1]! - m.indptr[i]! }));
  counts.sort((x, y) => y.n - x.n || x.i - y.i);
  const kept = Int32Array.from(
    counts
      .filter((c) => c.n > 0)
      .slice(0, maxItems)
      .map((c) => c.i),
  );
  const n = kept.length;
  const local = new Int32Array(m.rows).fill(-1);
  kept.forEach((item, k) => (local[item] = k));
  const gram = new Float64Array(n * n);
  const ui = matrix.userItems;
  const mine = new Int32Array(ui.cols);
  for (let u = 0; u < ui.rows; u++) {
    let len = 0;
    for (let p = ui.indptr[u]!; p < ui.indptr[u + 1]!; p++) {
      const l = local[ui.indices[p]!]!;
      if (l >= 0) mine[len++] = l;
    }
    for (let x = 0; x < len; x++) {
      const row = mine[x]! * n;
      for (let y = 0; y < len; y++) gram[row + mine[y]!]! += 1;
    }
  }
  const out = { kept, gram };
  byCap.set(maxItems, out);
  return out;
}

export class EaseModel extends ItemItemModel {
  readonly name = 'ease';
  readonly options: EaseOptions;

  constructor(options: EaseOptions) {
    super();
    this.options = { ...options };
  }

  fit(matrix: InteractionMatrix): void {
    const { kept, gram } = gramOf(matrix, this.options.maxItems);
    const n = kept.length;
    const p = gram.slice();
    for (let k = 0; k < n; k++) p[k * n + k]! += this.options.regularization;
    // XᵀX + λI is positive definite for λ > 0; λ = 0 on a singular XᵀX has no closed form.
    if (!invertSpd(p, n)) throw new RangeError('EASE: XᵀX + λI is not positive definite (raise the regularization)');
    const items = matrix.itemUsers.rows;
    const k = Math.min(this.options.neighbours, Math.max(0, n - 1));
    // Row i of B in model indices: B_ij = −P_ij / P_jj for j ≠ i.
    const local = topKRows(
      n,
      n,
      k,
      (i, emit) => {
        const row = i * n;
        for (let j = 0; j < n; j++) if (j !== i) emit(j, -p[row + j]! / p[j * n + j]!);
      },
      Math.abs,
    );
    this.neighbours = toModelIndices(local, kept, items);
  }
}

/** A CSR over kept-item positions, re-indexed to the model's item indices (rows and columns). */
function toModelIndices(local: { indptr: Int32Array; indices: Int32Array; data: Float32Array }, kept: Int32Array, items: number) {
  const indptr = new Int32Array(items + 1);
  const rowOf = new Int32Array(items).fill(-1);
  kept.forEach((item, k) => (rowOf[item] = k));
  for (let i = 0; i < items; i++) {
    const r = rowOf[i]!;
    indptr[i + 1] = indptr[i]! + (r < 0 ? 0 : local.indptr[r + 1]! - local.indptr[r]!);
  }
  const indices = new Int32Array(indptr[items]!);
  const data = new Float32Array(indptr[items]!);
  for (let i = 0; i < items; i++) {
    const r = rowOf[i]!;
    if (r < 0) continue;
    const pairs: Array<[number, number]> = [];
    for (let q = local.indptr[r]!; q < local.indptr[r + 1]!; q++) pairs.push([kept[local.indices[q]!]!, local.data[q]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    pairs.forEach(([j, w], t) => {
      indices[indptr[i]! + t] = j;
      data[indptr[i]! + t] = w;
    });
  }
  return { rows: items, cols: items, indptr, indices, data };
}
