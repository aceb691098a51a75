/**
 * When each item was first interacted with, and which items found their first viewers most
 * recently. An item stops being "new" at its first event, which is exactly when exploration
 * would drop it; this lets the engine keep giving it exposure through its first hours.
 *
 * Events arrive almost in time order, so the recency order is a sorted array that grows at its
 * end: inserting is a binary search and (rarely) a short move, the recent ones are its tail.
 */
export class FirstEvents {
  /** First-event time per item index, NaN for none. */
  private firstAt = new Float64Array(1024).fill(Number.NaN);
  /** Items with events, ascending by first-event time (ties by arrival). */
  private readonly times: number[] = [];
  private readonly indices: number[] = [];

  /** Records an event of item `index` at `timestamp` (epoch ms); only an earlier one changes anything. */
  note(index: number, timestamp: number): void {
    if (!Number.isFinite(timestamp) || index < 0) return;
    if (index >= this.firstAt.length) this.grow(index + 1);
    const known = this.firstAt[index]!;
    if (!Number.isNaN(known)) {
      if (timestamp >= known) return;
      const at = this.position(index, known);
      this.times.splice(at, 1);
      this.indices.splice(at, 1);
    }
    this.firstAt[index] = timestamp;
    const at = this.upperBound(timestamp);
    if (at === this.times.length) {
      this.times.push(timestamp);
      this.indices.push(index);
    } else {
      this.times.splice(at, 0, timestamp);
      this.indices.splice(at, 0, index);
    }
  }

  /** The time of the item's first event, or undefined when it has none. */
  first(index: number): number | undefined {
    const t = index >= 0 && index < this.firstAt.length ? this.firstAt[index]! : Number.NaN;
    return Number.isNaN(t) ? undefined : t;
  }

  /** The items whose first event is at or after `since`, most recent first, at most `max` of them. */
  since(since: number, max: number): number[] {
    const out: number[] = [];
    for (let i = this.times.length - 1; i >= 0 && out.length < max && this.times[i]! >= since; i--) out.push(this.indices[i]!);
    return out;
  }

  /** Forgets every item's first event. */
  clear(): void {
    this.firstAt.fill(Number.NaN);
    this.times.length = 0;
    this.indices.length = 0;
  }

  /** The first position whose time is greater than `t`. */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where `index`, first seen at `t`, sits in the recency order. */
  private position(index: number, t: number): number {
    let at = this.upperBound(t) - 1;
    while (this.indices[at] !== index) at--;
    return at;
  }

  private grow(min: number): void {
    const next = new Float64Array(Math.max(min, this.firstAt.length * 2)).fill(Number.NaN);
    next.set(this.firstAt);
    this.firstAt = next;
  }
}
