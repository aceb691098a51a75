/**
 * Which viewers have been counted for which item, so that popularity counts viewers, not views:
 * one account replaying, clicking or re-sending an item a thousand times counts once, as in
 * `sona evaluate`'s most-popular baseline (distinct users per item). Without it one viewer (a
 * bot, a child's favourite cartoon) could put an item at the top of trending for everyone.
 *
 * A set of (viewer hash, item index) pairs in open addressing over typed arrays: 8 bytes a slot,
 * at most half full, so about 16 bytes a pair (a JS Set of such keys takes about 50). Viewers
 * are known by a 32-bit hash of their id; two viewers whose ids collide share their count of an
 * item they both watch (about one pair in 4 billion).
 */
import { fnv1a32 } from '../../core/fnv.js';
import type { TrackedEvent } from '../../core/types.js';
import type { DecayedCounter } from './decayed-counter.js';
import { interestWeight } from './interest.js';

const EMPTY = 0xffffffff;

export class CountedViewers {
  private viewers = new Uint32Array(0);
  private items = new Uint32Array(0);
  private size = 0;

  constructor(private readonly capacity = 1024) {
    this.allocate(slotsFor(capacity));
  }

  /** Pairs held. */
  get count(): number {
    return this.size;
  }

  /** True the first time `userId` is seen with `item` (and it is then held); false after. */
  first(userId: string, item: number): boolean {
    if (this.size * 2 >= this.viewers.length) this.grow();
    return this.insert(fnv1a32(userId), item >>> 0);
  }

  /** Forgets every pair (before every event is counted again). */
  clear(): void {
    this.allocate(slotsFor(this.capacity));
  }

  private insert(viewer: number, item: number): boolean {
    const mask = this.viewers.length - 1;
    // Both halves mixed, so consecutive items of one viewer spread over the table.
    let slot = (Math.imul(viewer ^ Math.imul(item, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
    for (;;) {
      const v = this.viewers[slot]!;
      const i = this.items[slot]!;
      if (v === viewer && i === item) return false;
      if (v === EMPTY && i === EMPTY) {
        this.viewers[slot] = viewer;
        this.items[slot] = item;
        this.size++;
        return true;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const [viewers, items] = [this.viewers, this.items];
    this.allocate(viewers.length * 2);
    for (let s = 0; s < viewers.length; s++) {
      if (viewers[s] !== EMPTY || items[s] !== EMPTY) this.insert(viewers[s]!, items[s]!);
    }
  }

  private allocate(slots: number): void {
    this.viewers = new Uint32Array(slots).fill(EMPTY);
    this.items = new Uint32Array(slots).fill(EMPTY);
    this.size = 0;
  }
}

/**
 * A decayed counter fed as the engine counts popularity (its own, trending's week, each
 * demographic group): a viewer's first event of interest in an item adds its weight at its time;
 * the viewer's later events of it add nothing.
 */
export class ViewerCounter {
  // Small to start: a demographic fact with many values makes many groups, most of them small.
  private readonly viewers = new CountedViewers(16);

  constructor(readonly counter: DecayedCounter) {}

  /** Counts `event` for the item at `index`; true when it counted (the viewer's first interest in it). */
  add(event: Pick<TrackedEvent, 'userId' | 'type' | 'timestamp'>, index: number): boolean {
    const weight = interestWeight(event);
    if (!(weight > 0) || !this.viewers.first(event.userId, index)) return false;
    this.counter.add(index, weight, event.timestamp);
    return true;
  }

  /** Forgets every count and viewer (the counter keeps its half-life). */
  clear(): void {
    this.counter.clear();
    this.viewers.clear();
  }
}

/** A power of two at least twice `pairs`. */
function slotsFor(pairs: number): number {
  let slots = 16;
  while (slots < pairs * 2) slots *= 2;
  return slots;
}
