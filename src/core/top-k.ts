/**
 * Keeps the `k` best entries seen so far in a binary min-heap, so selecting the top k of n
 * scores costs O(n log k) time and O(k) memory instead of sorting all n. Entries rank by score,
 * and equal scores by arrival (earlier first), so the top k are always the first k of one total
 * order whatever k is: a deeper selection starts with the shallower one.
 */
export class TopK<T> {
  private readonly scores: number[] = [];
  private readonly values: T[] = [];
  /** Arrival order of each held entry. */
  private readonly arrivals: number[] = [];
  private arrived = 0;

  constructor(readonly k: number) {}

  /** Number of entries held (at most k). */
  get size(): number {
    return this.scores.length;
  }

  /**
   * Lowest score held, or -Infinity while fewer than k entries are held. A later entry must beat
   * it strictly to get in (on a tie the earlier one stays).
   */
  get threshold(): number {
    return this.scores.length < this.k ? -Infinity : this.scores[0]!;
  }

  /** Offers an entry; it is kept if it beats the current k-th best. NaN scores are ignored. */
  push(score: number, value: T): void {
    if (this.k <= 0 || Number.isNaN(score)) return;
    const arrival = this.arrived++;
    if (this.scores.length < this.k) {
      this.scores.push(score);
      this.values.push(value);
      this.arrivals.push(arrival);
      this.siftUp(this.scores.length - 1);
    } else if (score > this.scores[0]!) {
      this.scores[0] = score;
      this.values[0] = value;
      this.arrivals[0] = arrival;
      this.siftDown(0);
    }
  }

  /** The held entries, best first (equal scores in arrival order). Does not empty the heap. */
  sorted(): Array<{ score: number; value: T }> {
    const order = this.scores.map((_, i) => i);
    order.sort((a, b) => this.scores[b]! - this.scores[a]! || this.arrivals[a]! - this.arrivals[b]!);
    return order.map((i) => ({ score: this.scores[i]!, value: this.values[i]! }));
  }

  /** True when entry a ranks below entry b. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.arrivals[a]! > this.arrivals[b]!);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
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
      if (l < n && this.worse(l, m)) m = l;
      if (r < n && this.worse(r, m)) m = r;
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
    const t = this.arrivals[a]!;
    this.arrivals[a] = this.arrivals[b]!;
    this.arrivals[b] = t;
  }
}
