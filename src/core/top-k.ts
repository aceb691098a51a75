/**
 * Keeps the `k` highest-scoring entries seen so far in a binary min-heap, so selecting the top
 * k of n scores costs O(n log k) time and O(k) memory instead of sorting all n.
 */
export class TopK<T> {
  private readonly scores: number[] = [];
  private readonly values: T[] = [];

  constructor(readonly k: number) {}

  /** Number of entries held (at most k). */
  get size(): number {
    return this.scores.length;
  }

  /** Lowest score held, or -Infinity while fewer than k entries are held. */
  get threshold(): number {
    return this.scores.length < this.k ? -Infinity : this.scores[0]!;
  }

  /** Offers an entry; it is kept if it beats the current k-th best. NaN scores are ignored. */
  push(score: number, value: T): void {
    if (this.k <= 0 || Number.isNaN(score)) return;
    if (this.scores.length < this.k) {
      this.scores.push(score);
      this.values.push(value);
      this.siftUp(this.scores.length - 1);
    } else if (score > this.scores[0]!) {
      this.scores[0] = score;
      this.values[0] = value;
      this.siftDown(0);
    }
  }

  /** The held entries, best first; ties keep no particular order. Does not empty the heap. */
  sorted(): Array<{ score: number; value: T }> {
    const out = this.scores.map((score, i) => ({ score, value: this.values[i]! }));
    out.sort((a, b) => b.score - a.score);
    return out;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= this.scores[i]!) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.scores.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.scores[l]! < this.scores[m]!) m = l;
      if (r < n && this.scores[r]! < this.scores[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a]!;
    this.scores[a] = this.scores[b]!;
    this.scores[b] = s;
    const v = this.values[a]!;
    this.values[a] = this.values[b]!;
    this.values[b] = v;
  }
}
