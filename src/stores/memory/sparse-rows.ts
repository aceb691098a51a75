/** Rows with at most this share of non-zero entries are kept sparse and scanned that way. */
const SPARSE_SHARE = 0.25;

/**
 * The mostly-zero rows of a vector slab as (index, value) pairs in two pooled arrays, so a dot
 * product with such a row costs its non-zeros rather than the dimension. Feature-hashed text
 * embeddings are like this (about 13 non-zeros in 512). Pooling keeps the pairs of successive
 * rows next to each other in memory; space left by rewritten rows is reclaimed by compaction.
 */
export class SparseRows {
  /** Where each row's pairs start in the pool; −1 marks a row kept dense only. */
  private start = new Int32Array(64);
  private length = new Int32Array(64);
  private indices = new Uint32Array(1024);
  private values = new Float32Array(1024);
  private used = 0;
  private live = 0;

  /** Records row `row` (unit-length copy `vector`); rows too dense are marked dense and false returned. */
  set(row: number, vector: Float32Array, rows: number): boolean {
    this.grow(rows);
    this.forget(row);
    let nonZero = 0;
    for (let j = 0; j < vector.length; j++) if (vector[j] !== 0) nonZero++;
    if (nonZero > vector.length * SPARSE_SHARE) {
      this.start[row] = -1;
      this.length[row] = 0;
      return false;
    }
    if (this.used + nonZero > this.indices.length) this.compact(rows, nonZero);
    const at = this.used;
    for (let j = 0, k = at; j < vector.length; j++) {
      if (vector[j] !== 0) {
        this.indices[k] = j;
        this.values[k++] = vector[j]!;
      }
    }
    this.start[row] = at;
    this.length[row] = nonZero;
    this.used += nonZero;
    this.live += nonZero;
    return true;
  }

  /** Writes sparse row `row` into `out` (zeros elsewhere). */
  densify(row: number, out: Float32Array): void {
    out.fill(0);
    const end = this.start[row]! + this.length[row]!;
    for (let k = this.start[row]!; k < end; k++) out[this.indices[k]!] = this.values[k]!;
  }

  /** Row `from` now lives at `to` (the store fills holes with its last row). */
  move(from: number, to: number): void {
    this.forget(to);
    this.start[to] = this.start[from]!;
    this.length[to] = this.length[from]!;
    this.start[from] = -1;
    this.length[from] = 0;
  }

  /** Drops row `row`'s pairs. */
  remove(row: number): void {
    this.forget(row);
    this.start[row] = -1;
    this.length[row] = 0;
  }

  /** True when `row` is kept as pairs. */
  isSparse(row: number): boolean {
    return this.start[row]! >= 0;
  }

  /** Dot product of sparse row `row` with `q`. */
  dot(row: number, q: Float32Array): number {
    const { indices, values } = this;
    const end = this.start[row]! + this.length[row]!;
    let s = 0;
    for (let k = this.start[row]!; k < end; k++) s += values[k]! * q[indices[k]!]!;
    return s;
  }

  private forget(row: number): void {
    if (row < this.start.length && this.start[row]! >= 0) this.live -= this.length[row]!;
  }

  private grow(rows: number): void {
    if (rows <= this.start.length) return;
    const size = Math.max(rows, Math.ceil(this.start.length * 1.5));
    const start = new Int32Array(size).fill(-1);
    start.set(this.start);
    const length = new Int32Array(size);
    length.set(this.length);
    this.start = start;
    this.length = length;
  }

  /** Rewrites the pool with live pairs only, in row order, with room for `extra` more. */
  private compact(rows: number, extra: number): void {
    const size = Math.max(1024, Math.ceil(1.5 * (this.live + extra)));
    const indices = new Uint32Array(size);
    const values = new Float32Array(size);
    let at = 0;
    for (let row = 0; row < rows; row++) {
      const from = this.start[row]!;
      if (from < 0) continue;
      const n = this.length[row]!;
      indices.set(this.indices.subarray(from, from + n), at);
      values.set(this.values.subarray(from, from + n), at);
      this.start[row] = at;
      at += n;
    }
    this.indices = indices;
    this.values = values;
    this.used = at;
  }
}
