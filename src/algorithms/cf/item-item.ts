/**
 * Models whose whole state is a sparse item × item weight matrix W (item-kNN, EASE, RP3beta): a
 * user's score for item j is Σ_i x_ui · W_ij over the items i they have, so a new event changes
 * the next score at once and a request costs (history length × neighbours), whatever the
 * catalogue's size.
 */
import { TopK } from '../../core/top-k.js';
import type { Progress } from '../../core/types.js';
import { row, type Csr, type InteractionMatrix } from './matrix.js';
import type { CollaborativeModel, Scored, UserQuery } from './model.js';

export abstract class ItemItemModel implements CollaborativeModel {
  abstract readonly name: string;
  /** Per item, its weighted neighbours (CSR over items × items, columns ascending). */
  neighbours: Csr | undefined;
  /** All zeros between calls of scoreItems, which uses it. */
  private scratch: Float32Array | undefined;

  abstract fit(matrix: InteractionMatrix, run?: { onProgress?: (p: Progress) => void; signal?: AbortSignal }): void | Promise<void>;

  scoreAll(user: UserQuery, out: Float32Array): void {
    out.fill(0);
    const nb = this.neighbours;
    if (!nb) return;
    const { indices, values } = user.row;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (i >= nb.rows) continue;
      const w = values[k]!;
      for (let p = nb.indptr[i]!; p < nb.indptr[i + 1]!; p++) out[nb.indices[p]!]! += w * nb.data[p]!;
    }
  }

  scoreItems(user: UserQuery, items: Int32Array, out: Float32Array): void {
    const nb = this.neighbours;
    if (!nb) return void out.fill(0);
    // The same sums as scoreAll, in the same order, into a catalogue-sized scratch kept by the
    // model (this runs synchronously, so no other call can touch it meanwhile); afterwards only
    // the entries touched are cleared, so the cost is the user's neighbour lists, not the catalogue.
    const acc = (this.scratch ??= new Float32Array(nb.rows));
    const { indptr, indices: cols, data } = nb;
    const { indices, values } = user.row;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (i >= nb.rows) continue;
      const w = values[k]!;
      for (let p = indptr[i]!, end = indptr[i + 1]!; p < end; p++) acc[cols[p]!]! += w * data[p]!;
    }
    for (let k = 0; k < items.length; k++) {
      const j = items[k]!;
      out[k] = j < nb.rows ? acc[j]! : 0;
    }
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (i >= nb.rows) continue;
      for (let p = indptr[i]!, end = indptr[i + 1]!; p < end; p++) acc[cols[p]!] = 0;
    }
  }

  explain(user: UserQuery, item: number, count = 3): Scored[] {
    const nb = this.neighbours;
    if (!nb) return [];
    const out: Scored[] = [];
    const { indices, values } = user.row;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (i >= nb.rows) continue;
      // Neighbour lists are sorted by index: binary search for `item`.
      let lo = nb.indptr[i]!;
      let hi = nb.indptr[i + 1]! - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const j = nb.indices[mid]!;
        if (j === item) {
          out.push({ index: i, score: values[k]! * nb.data[mid]! });
          break;
        }
        if (j < item) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out.sort((a, b) => b.score - a.score).slice(0, count);
  }

  similarItems(item: number, count: number): Scored[] {
    const nb = this.neighbours;
    if (!nb || item >= nb.rows) return [];
    const { indices, values } = row(nb, item);
    return Array.from(indices, (index, k) => ({ index, score: values[k]! }))
      .sort((a, b) => b.score - a.score)
      .slice(0, count);
  }
}

/**
 * Keeps each row's `k` largest weights (by `key`, default the weight itself) as a CSR with
 * columns ascending. `weightsOf(i, emit)` emits row i's candidate (column, weight) pairs.
 */
export function topKRows(
  rows: number,
  cols: number,
  k: number,
  weightsOf: (i: number, emit: (j: number, w: number) => void) => void,
  key: (w: number) => number = (w) => w,
): Csr {
  const indptr = new Int32Array(rows + 1);
  const outIdx: number[] = [];
  const outVal: number[] = [];
  for (let i = 0; i < rows; i++) {
    const heap = new TopK<{ j: number; w: number }>(k);
    weightsOf(i, (j, w) => {
      const s = key(w);
      if (s > heap.threshold) heap.push(s, { j, w });
    });
    for (const { value } of heap.sorted().sort((a, b) => a.value.j - b.value.j)) {
      outIdx.push(value.j);
      outVal.push(value.w);
    }
    indptr[i + 1] = outIdx.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(outIdx), data: Float32Array.from(outVal) };
}
