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

  /** True when a row with `nonZero` non-zeros out of `dimension` is kept as pairs. */
  static fits(nonZero: number, dimension: number): boolean {
    return nonZero <= dimension * SPARSE_SHARE;
  }

  /**
   * Records row `row` as the first `count` pairs of (`indices`, `values`), each value times
   * `scale`; the caller checked `fits`. `rows`: how many rows the store has.
   */
  setPairs(row: number, indices: Uint32Array, values: Float32Array, count: number, scale: number, rows: number): void {
    this.grow(rows);
    this.forget(row);
    if (this.used + count > this.indices.length) this.compact(rows, count);
    const at = this.used;
    for (let k = 0; k < count; k++) {
      this.indices[at + k] = indices[k]!;
      this.values[at + k] = values[k]! * scale;
    }
    this.start[row] = at;
    this.length[row] = count;
    this.used += count;
    this.live += count;
  }

  /** Marks row `row` dense (its values live in the store's slab). */
  setDense(row: number, rows: number): void {
    this.grow(rows);
    this.remove(row);
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
