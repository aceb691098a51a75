/**
 * Sparse user × item matrices in compressed sparse row form: row r's entries are
 * `indices[indptr[r] .. indptr[r + 1])` with values `data[...]`, column indices ascending.
 */
import { IdMap } from '../../core/id-map.js';

/** A compressed sparse row matrix. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
}

/** One row of a {@link Csr}: parallel column indices and values. */
export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

/** Builds a CSR from (row, col, value) triples; duplicates are summed. */
export function buildCsr(rows: number, cols: number, rowIdx: ArrayLike<number>, colIdx: ArrayLike<number>, values: ArrayLike<number>): Csr {
  const n = rowIdx.length;
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) counts[rowIdx[k]! + 1]!++;
  for (let r = 0; r < rows; r++) counts[r + 1]! += counts[r]!;
  const order = new Int32Array(n);
  const fill = counts.slice(0, rows);
  for (let k = 0; k < n; k++) order[fill[rowIdx[k]!]!++] = k;
  // Sort each row by column and merge duplicates.
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(n);
  const data = new Float32Array(n);
  let out = 0;
  for (let r = 0; r < rows; r++) {
    const start = counts[r]!;
    const end = counts[r + 1]!;
    const slice = Array.from(order.subarray(start, end)).sort((a, b) => colIdx[a]! - colIdx[b]!);
    let last = -1;
    for (const k of slice) {
      const c = colIdx[k]!;
      if (c === last) {
        data[out - 1]! += values[k]!;
      } else {
        indices[out] = c;
        data[out] = values[k]!;
        out++;
        last = c;
      }
    }
    indptr[r + 1] = out;
  }
  return { rows, cols, indptr, indices: indices.slice(0, out), data: data.slice(0, out) };
}

/** The transpose (item × user from user × item). */
export function transpose(m: Csr): Csr {
  const rowIdx = new Int32Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) rowIdx.fill(r, m.indptr[r]!, m.indptr[r + 1]!);
  return buildCsr(m.cols, m.rows, m.indices, rowIdx, m.data);
}

/** Row `r` as parallel arrays (views, not copies). */
export function row(m: Csr, r: number): SparseRow {
  const start = m.indptr[r]!;
  const end = m.indptr[r + 1]!;
  return { indices: m.indices.subarray(start, end), values: m.data.subarray(start, end) };
}

/** User × item interactions with the id maps that name their rows and columns. */
export interface InteractionMatrix {
  users: IdMap;
  items: IdMap;
  /** users × items */
  userItems: Csr;
  /** items × users */
  itemUsers: Csr;
}

/**
 * Builds an interaction matrix from (user, item, value) records. `items` may be pre-seeded so
 * items without interactions still get a column (and can be scored by content).
 */
export function buildInteractionMatrix(
  records: Iterable<{ userId: string; itemId: string; value: number }>,
  options: { users?: IdMap; items?: IdMap } = {},
): InteractionMatrix {
  const users = options.users ?? new IdMap();
  const items = options.items ?? new IdMap();
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (const rec of records) {
    if (!(rec.value > 0) || !Number.isFinite(rec.value)) continue;
    r.push(users.intern(rec.userId));
    c.push(items.intern(rec.itemId));
    v.push(rec.value);
  }
  const userItems = buildCsr(users.size, items.size, r, c, v);
  return { users, items, userItems, itemUsers: transpose(userItems) };
}
