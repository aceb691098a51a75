/**
 * Collaborative models behind one interface, as implicit does (fit / recommend / similar
 * items): {@link AlsModel}, {@link ItemKnnModel} (cosine or BM25-weighted) and
 * {@link PopularityModel}. Users are passed as their interaction row, so a user who arrived
 * after training is served the same way as a trained one.
 */
import { TopK } from '../../core/top-k.js';
import { createKernelHeap, type KernelHeap } from '../kernels/index.js';
import { fitAls, gramian, type AlsOptions, type AlsRunOptions } from './als.js';
import { explainScore, foldInUser } from './als-exact.js';
import { defaultThreads, fitAlsParallel } from './als-parallel.js';
import { ItemItemModel } from './item-item.js';
import { topItems, type CollaborativeModel, type Scored, type UserQuery } from './model.js';
import { transpose, type Csr, type InteractionMatrix, type SparseRow } from './matrix.js';

export { topItems, type CollaborativeModel, type Scored, type UserQuery } from './model.js';

/** Implicit ALS (see als.ts) with fold-in for users it was not trained on. */
export class AlsModel implements CollaborativeModel {
  readonly name = 'als';
  readonly options: AlsOptions;
  factors: { userFactors: Float32Array; itemFactors: Float32Array } | undefined;
  private gram: Float64Array | undefined;
  private itemCount = 0;
  /** Folded-in user vectors by row object: callers that reuse a row fold it in once. */
  private folded = new WeakMap<SparseRow, Float32Array>();
  /** Offsets of the item factors, the user vector and the scores in a kernel heap. */
  private scoring: { heap: KernelHeap; y: number; x: number; out: number } | undefined;

  /**
   * @param options ALS hyper-parameters.
   * @param run `threads` (default: every core) is used when the data has at least
   *   `parallelFrom` interactions (default 50,000); below that, worker start-up costs more
   *   than it saves.
   */
  constructor(
    options: AlsOptions,
    private readonly run: Pick<AlsRunOptions, 'onIteration'> & { threads?: number; parallelFrom?: number } = {},
  ) {
    this.options = { ...options };
  }

  async fit(matrix: InteractionMatrix, run: AlsRunOptions = {}): Promise<void> {
    const threads = this.run.threads ?? defaultThreads();
    const all = { ...this.run, ...run };
    const trained =
      threads > 1 && matrix.userItems.indices.length >= (this.run.parallelFrom ?? 50_000)
        ? await fitAlsParallel(matrix.userItems, matrix.itemUsers, this.options, { ...all, threads })
        : fitAls(matrix.userItems, matrix.itemUsers, this.options, all);
    this.load(trained.userFactors, trained.itemFactors, matrix.items.size);
  }

  /**
   * Installs factors trained elsewhere (a snapshot). Item factors move into a kernel heap where
   * the SIMD kernels are available (the model then holds no other copy of them).
   */
  load(userFactors: Float32Array, itemFactors: Float32Array, items: number): void {
    const f = this.options.factors;
    const heap = createKernelHeap(itemFactors.byteLength + f * 4 + items * 4);
    if (heap) {
      const y = heap.put(itemFactors);
      this.scoring = { heap, y, x: heap.alloc(f * 4), out: heap.alloc(items * 4) };
      itemFactors = heap.f32(y, itemFactors.length);
    } else {
      this.scoring = undefined;
    }
    this.factors = { userFactors, itemFactors };
    this.folded = new WeakMap();
    this.itemCount = items;
    this.gram = new Float64Array(f * f);
    gramian(itemFactors, items, f, this.options.regularization, this.gram);
  }

  /** The user's factors: trained ones, or folded in from their row. */
  userVector(user: UserQuery): Float32Array {
    const { factors: m, options } = this;
    if (!m) return new Float32Array(options.factors);
    const f = options.factors;
    if (user.index !== undefined && (user.index + 1) * f <= m.userFactors.length) {
      return m.userFactors.subarray(user.index * f, (user.index + 1) * f);
    }
    let x = this.folded.get(user.row);
    if (!x) this.folded.set(user.row, (x = foldInUser(user.row, m.itemFactors, f, this.gram!, options.alpha)));
    return x;
  }

  scoreAll(user: UserQuery, out: Float32Array): void {
    const m = this.factors;
    if (!m) return void out.fill(0);
    const f = this.options.factors;
    const x = this.userVector(user);
    const n = Math.min(out.length, this.itemCount);
    const k = this.scoring;
    if (k) {
      // One SIMD mat-vec over the whole catalogue (memory-bound, like numpy's sgemv).
      k.heap.f32(k.x, f).set(x);
      k.heap.kernels.gemv(k.y, k.x, k.out, n, f);
      out.set(k.heap.f32(k.out, n));
    } else {
      const y = m.itemFactors;
      for (let i = 0; i < n; i++) out[i] = dotRow(x, y, i * f, f);
    }
    out.fill(-Infinity, n);
  }

  scoreItems(user: UserQuery, items: Int32Array, out: Float32Array): void {
    const m = this.factors;
    if (!m) return void out.fill(0);
    const f = this.options.factors;
    const x = this.userVector(user);
    const k = this.scoring;
    if (k) k.heap.f32(k.x, f).set(x);
    // The same dot product as scoreAll's, so both give identical scores.
    const score = k ? (i: number) => k.heap.kernels.dot(k.y + i * f * 4, k.x, f) : (i: number) => dotRow(x, m.itemFactors, i * f, f);
    items.forEach((i, j) => (out[j] = i < this.itemCount ? score(i) : -Infinity));
  }

  itemVector(item: number): Float32Array | undefined {
    const m = this.factors;
    const f = this.options.factors;
    return m && item < this.itemCount ? m.itemFactors.subarray(item * f, (item + 1) * f) : undefined;
  }

  similarItems(item: number, count: number): Scored[] {
    const m = this.factors;
    if (!m || item >= this.itemCount) return [];
    const f = this.options.factors;
    const y = m.itemFactors;
    const norms = new Float32Array(this.itemCount);
    for (let i = 0; i < this.itemCount; i++) {
      let s = 0;
      for (let a = 0; a < f; a++) s += y[i * f + a]! ** 2;
      norms[i] = Math.sqrt(s);
    }
    const scores = new Float32Array(this.itemCount);
    for (let i = 0; i < this.itemCount; i++) {
      let s = 0;
      for (let a = 0; a < f; a++) s += y[i * f + a]! * y[item * f + a]!;
      scores[i] = norms[i]! > 0 && norms[item]! > 0 ? s / (norms[i]! * norms[item]!) : 0;
    }
    return topItems(scores, count, (i) => i === item);
  }

  /** The user's items that contributed most to `item`'s score (Hu et al. §5). */
  explain(user: UserQuery, item: number, count = 3): Scored[] {
    const m = this.factors;
    if (!m) return [];
    const { contributions } = explainScore(user.row, item, m.itemFactors, this.options.factors, this.gram!, this.options.alpha);
    return contributions.slice(0, count).map((c) => ({ index: c.index, score: c.contribution }));
  }
}

/** Σ x[a]·y[base + a] for a < f. */
function dotRow(x: Float32Array, y: Float32Array, base: number, f: number): number {
  let s = 0;
  for (let a = 0; a < f; a++) s += x[a]! * y[base + a]!;
  return s;
}

/** Options of {@link ItemKnnModel}; the engine's defaults are the item-kNN source's settings. */
export interface ItemKnnOptions {
  /** Neighbours kept per item. */
  neighbours: number;
  /** Weighting of the item vectors before cosine. */
  weighting: 'cosine' | 'bm25';
  /** BM25 saturation (implicit uses 100). */
  k1: number;
  /** BM25 length normalisation (implicit uses 0.8). */
  b: number;
}

/**
 * Item-item nearest neighbours: cosine similarity between items' user vectors, optionally
 * BM25-weighted first (items as documents over user "terms", as implicit's BM25Recommender:
 * heavy users and very popular items count less). A user's score for j is Σ_i r_ui · sim(i, j)
 * over their items i.
 */
export class ItemKnnModel extends ItemItemModel {
  readonly name: string;
  readonly options: ItemKnnOptions;

  constructor(options: ItemKnnOptions) {
    super();
    this.options = { ...options };
    this.name = this.options.weighting === 'bm25' ? 'item-knn-bm25' : 'item-knn';
  }

  fit(matrix: InteractionMatrix): void {
    const itemUsers = this.options.weighting === 'bm25' ? bm25Weight(matrix.itemUsers, this.options.k1, this.options.b) : matrix.itemUsers;
    this.neighbours = allPairsKnn(itemUsers, this.options.neighbours);
  }
}

/** BM25 weighting of an items × users matrix (rows are documents, columns terms). */
export function bm25Weight(m: Csr, k1: number, b: number): Csr {
  const docs = m.rows;
  const df = new Float64Array(m.cols);
  for (let k = 0; k < m.indices.length; k++) df[m.indices[k]!]!++;
  const idf = Float64Array.from(df, (d) => Math.log(docs) - Math.log1p(d));
  const lengths = new Float64Array(docs);
  for (let r = 0; r < docs; r++) for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) lengths[r]! += m.data[k]!;
  const avg = lengths.reduce((a, x) => a + x, 0) / Math.max(1, docs);
  const data = new Float32Array(m.data.length);
  for (let r = 0; r < docs; r++) {
    const norm = 1 - b + (b * lengths[r]!) / (avg || 1);
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) {
      const x = m.data[k]!;
      data[k] = ((x * (k1 + 1)) / (k1 * norm + x)) * idf[m.indices[k]!]!;
    }
  }
  return { ...m, data };
}

/**
 * Cosine similarity between every pair of rows of `m` that share a column, keeping each row's
 * `k` most similar others. Cost is Σ over columns of (entries in the column)².
 */
export function allPairsKnn(m: Csr, k: number): Csr {
  const cols = transpose(m);
  const norms = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.data[p]! ** 2;
    norms[r] = Math.sqrt(s);
  }
  const acc = new Float64Array(m.rows);
  const touched = new Int32Array(m.rows);
  const indptr = new Int32Array(m.rows + 1);
  const outIdx: number[] = [];
  const outVal: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    let nTouched = 0;
    for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) {
      const col = m.indices[p]!;
      const w = m.data[p]!;
      for (let q = cols.indptr[col]!; q < cols.indptr[col + 1]!; q++) {
        const j = cols.indices[q]!;
        if (j === i) continue;
        if (acc[j] === 0) touched[nTouched++] = j;
        acc[j]! += w * cols.data[q]!;
      }
    }
    const heap = new TopK<number>(k);
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const denom = norms[i]! * norms[j]!;
      if (denom > 0) heap.push(acc[j]! / denom, j);
      acc[j] = 0;
    }
    for (const { score, value } of heap.sorted().sort((a, b) => a.value - b.value)) {
      outIdx.push(value);
      outVal.push(score);
    }
    indptr[i + 1] = outIdx.length;
  }
  return { rows: m.rows, cols: m.rows, indptr, indices: Int32Array.from(outIdx), data: Float32Array.from(outVal) };
}

/** Most popular items by number of interacting users (the baseline every table reports). */
export class PopularityModel implements CollaborativeModel {
  readonly name = 'popular';
  counts: Float32Array | undefined;

  fit(matrix: InteractionMatrix): void {
    const counts = new Float32Array(matrix.items.size);
    const m = matrix.itemUsers;
    for (let i = 0; i < m.rows; i++) counts[i] = m.indptr[i + 1]! - m.indptr[i]!;
    this.counts = counts;
  }

  scoreAll(_user: UserQuery, out: Float32Array): void {
    out.fill(0);
    if (this.counts) out.set(this.counts.subarray(0, out.length));
  }

  similarItems(): Scored[] {
    return [];
  }
}
