/**
 * Exponentially time-decayed counts per item ("trending"): an event of weight w at time t
 * contributes `w × 2^(-(now - t) / halfLife)` to its item. Counts are kept relative to a
 * reference time, so adding an event is O(1) and decaying everything costs nothing: all counts
 * shrink by the same factor as time passes, which leaves their order unchanged.
 */
import { DAY_MS } from '../../core/time.js';
import { TopK } from '../../core/top-k.js';
import { logLevel } from './level.js';

/** Exponents beyond this are folded into the reference time to keep doubles far from overflow. */
const MAX_EXPONENT = 512;

export class DecayedCounter {
  private counts: Float64Array;
  private reference: number | undefined;
  private maxCount = 0;
  /** Every count summed, on the counts' scale. */
  private sum = 0;
  private halfLifeMs: number;
  private changes = 0;

  constructor(halfLifeDays: number, capacity = 1024) {
    this.halfLifeMs = halfLifeDays * DAY_MS;
    this.counts = new Float64Array(Math.max(1, capacity));
  }

  /** The half-life this counter decays by, in days. */
  get halfLifeDays(): number {
    return this.halfLifeMs / DAY_MS;
  }

  /** Adds `weight` for `index` at time `timestamp` (epoch ms). */
  add(index: number, weight: number, timestamp: number): void {
    if (!(weight > 0)) return;
    this.changes++;
    if (index >= this.counts.length) this.grow(index + 1);
    if (this.reference === undefined) this.reference = timestamp;
    let exponent = (timestamp - this.reference) / this.halfLifeMs;
    if (exponent > MAX_EXPONENT) {
      this.rebase(timestamp);
      exponent = 0;
    }
    const added = weight * Math.pow(2, exponent);
    const next = this.counts[index]! + added;
    this.counts[index] = next;
    this.sum += added;
    if (next > this.maxCount) this.maxCount = next;
  }

  /** The decayed count of `index` at time `now`. */
  value(index: number, now: number): number {
    if (this.reference === undefined || index >= this.counts.length) return 0;
    return this.counts[index]! * Math.pow(2, (this.reference - now) / this.halfLifeMs);
  }

  /**
   * The score of `index` relative to the hottest item ever counted (1), exact whatever the
   * current time, because decay scales every count alike. An index without events scores
   * `1e-6 × prior` (prior in [0, 1]), so any fresh event outranks any prior.
   */
  relative(index: number, prior?: ArrayLike<number>): number {
    const count = index < this.counts.length ? this.counts[index]! : 0;
    if (count > 0) return count / this.maxCount;
    return 1e-6 * (prior ? (prior[index] ?? 0) : 0);
  }

  /**
   * The share of every decayed count that is `index`'s (0 to 1; the shares sum to 1), exact
   * whatever the current time, as `relative` is.
   */
  share(index: number): number {
    if (!(this.sum > 0) || !(index >= 0) || index >= this.counts.length) return 0;
    return this.counts[index]! / this.sum;
  }

  /** The decayed counts summed at time `now`. */
  total(now: number): number {
    if (this.reference === undefined) return 0;
    return this.sum * Math.pow(2, (this.reference - now) / this.halfLifeMs);
  }

  /**
   * How popular `index` is on a log scale, from 0 (no events) to 1 (the hottest item): a log,
   * because interest in a catalogue spans orders of magnitude, and a penalty on the raw share
   * would touch only the very head. Exact whatever the current time, as `relative` is.
   */
  level(index: number): number {
    if (!(index >= 0) || index >= this.counts.length) return 0;
    return logLevel(this.counts[index]!, this.maxCount);
  }

  /** True when events were counted for `index` (and have not decayed below double precision). */
  hasEvents(index: number): boolean {
    return index < this.counts.length && this.counts[index]! > 0;
  }

  /** Changes whenever the ranking may have changed, so callers can cache orderings. */
  get version(): number {
    return this.changes;
  }

  /**
   * The indices below `size` that `keep` accepts, counted items first by decayed count, then
   * the rest by prior, ties by index; only the first `limit` of them. With a small limit this
   * is a heap selection, O(size · log limit), instead of a sort of everything. Callers cache it
   * against {@link version}.
   */
  ranking(size: number, prior?: ArrayLike<number>, keep?: (index: number) => boolean, limit = Infinity): Int32Array {
    const keyOf = (i: number) => {
      const count = i < this.counts.length ? this.counts[i]! : 0;
      return count > 0 ? count : (prior ? prior[i]! : 0) - 2;
    };
    const byKey = (a: number, b: number) => keyOf(b) - keyOf(a) || a - b;
    if (limit >= size) {
      const kept: number[] = [];
      for (let i = 0; i < size; i++) if (!keep || keep(i)) kept.push(i);
      return Int32Array.from(kept).sort(byKey);
    }
    // The limit-th best key, then everything above it and, in index order, enough of the ties.
    const m = Math.max(0, Math.floor(limit));
    const keys = new Float64Array(size).fill(Number.NaN);
    const best = new TopK<number>(m);
    let threshold = -Infinity;
    for (let i = 0; i < size; i++) {
      if (keep && !keep(i)) continue;
      const key = (keys[i] = keyOf(i));
      if (key > threshold) {
        best.push(key, i);
        if (best.size === m) threshold = best.threshold;
      }
    }
    const above: number[] = [];
    const tied: number[] = [];
    for (let i = 0; i < size; i++) {
      const key = keys[i]!;
      if (key > threshold) above.push(i);
      else if (key === threshold && tied.length < m) tied.push(i);
    }
    return Int32Array.from([...above, ...tied].slice(0, m)).sort(byKey);
  }

  /** Forgets every count. */
  clear(): void {
    this.reset();
  }

  /** Forgets every count, and takes a new half-life when one is given. */
  reset(halfLifeDays?: number): void {
    if (halfLifeDays !== undefined) this.halfLifeMs = halfLifeDays * DAY_MS;
    this.changes++;
    this.counts.fill(0);
    this.reference = undefined;
    this.maxCount = 0;
    this.sum = 0;
  }

  private rebase(timestamp: number): void {
    const factor = Math.pow(2, (this.reference! - timestamp) / this.halfLifeMs);
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! *= factor;
    this.maxCount *= factor;
    this.sum *= factor;
    this.reference = timestamp;
  }

  private grow(min: number): void {
    const next = new Float64Array(Math.max(min, this.counts.length * 2));
    next.set(this.counts);
    this.counts = next;
  }
}
