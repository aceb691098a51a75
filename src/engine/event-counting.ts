/**
 * Counting every stored event again (a fit, a snapshot at a new half-life, a resync) reads the
 * events store while events keep arriving, tracked here or heard from other instances. An event
 * that arrives during the read may be missing from it (stored after the read went by, or in a
 * transaction that committed late), and an event the read holds may still be heard afterwards
 * (its notice was on its way, or held until the start-up load ended). Counted as read, the first
 * is lost until the next recount and the second counts twice: the instance then disagrees with
 * every other. Here each is counted once: the events heard during a read are kept and counted
 * with it unless it holds them, and for a short while after, an event it counted is not counted
 * again when heard.
 */
import type { TrackedEvent } from '../core/types.js';

/**
 * How long after a recount an event it counted is still recognised when heard: a notice in
 * flight, or one held while the instance started. Past it, the ids are let go (a recount of a
 * large store holds them all).
 */
export const HEARD_LATE_MS = 10_000;

/**
 * How many of the ids a read counted last are recognised then. A notice can only be on its way
 * for an event stored shortly before the read ended, and stores read in the order events were
 * stored (PostgreSQL by sequence, memory by arrival), so those are the last ones read: the
 * whole store's ids (tens of megabytes at a million events) need not be held.
 */
export const RECENT_IDS = 100_000;

/** Where events are counted: the source registry (popularity and every source's event state). */
export interface EventSink {
  addEvents(events: readonly TrackedEvent[]): void;
  clearEvents(): void;
}

/** A read of the events store in progress: what it read is counted with what was heard meanwhile. */
export interface EventRead {
  /**
   * Empties the counts and counts `batches` (what the read returned) and every event heard since
   * the read began that they do not hold, in one synchronous step. Ends the read; returns the
   * events counted.
   */
  countAgain(batches: readonly (readonly TrackedEvent[])[]): number;
  /** Ends the read without counting (it failed): nothing more is kept for it. */
  close(): void;
}

/** The one way events reach an instance's counts. */
export class EventCounting {
  private readonly reads = new Set<Map<string, TrackedEvent>>();
  private recent: { ids: ReadonlySet<string>; until: number } | undefined;

  constructor(
    private readonly sink: EventSink,
    /** A monotonic clock in milliseconds (not the engine's, which a host may set). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts events as they arrive (tracked here, or heard from another instance). */
  add(events: readonly TrackedEvent[]): void {
    const recent = this.recentIds();
    const fresh = recent ? events.filter((e) => !recent.has(e.id)) : events;
    for (const heard of this.reads) for (const e of fresh) heard.set(e.id, e);
    if (fresh.length > 0) this.sink.addEvents(fresh);
  }

  /** Starts a read of every stored event; call before the first batch is read. */
  read(): EventRead {
    const heard = new Map<string, TrackedEvent>();
    this.reads.add(heard);
    return {
      countAgain: (batches) => {
        if (!this.reads.delete(heard)) throw new Error('the read has ended');
        // The heard events the read does not hold are left once every batch is counted.
        const missed = new Map(heard);
        const recent = new RecentIds();
        this.sink.clearEvents();
        for (const batch of batches) {
          this.sink.addEvents(batch);
          for (const e of batch) missed.delete(e.id);
          recent.add(batch);
        }
        if (missed.size > 0) this.sink.addEvents([...missed.values()]);
        this.counted(recent.ids());
        return batches.reduce((n, batch) => n + batch.length, missed.size);
      },
      close: () => void this.reads.delete(heard),
    };
  }

  /**
   * Events with these ids were counted as they were read (the start-up load): heard within
   * HEARD_LATE_MS, they are not counted again.
   */
  counted(ids: ReadonlySet<string>): void {
    this.recent = ids.size > 0 ? { ids, until: this.now() + HEARD_LATE_MS } : undefined;
  }

  /** Lets go of the recent ids: a user's events were deleted, and their ids may be tracked anew. */
  forgetRecent(): void {
    this.recent = undefined;
  }

  private recentIds(): ReadonlySet<string> | undefined {
    if (this.recent && this.now() > this.recent.until) this.recent = undefined;
    return this.recent?.ids;
  }
}

/** The ids of the last RECENT_IDS events of the batches added, in the order read. */
export class RecentIds {
  private readonly batches: Array<readonly TrackedEvent[]> = [];
  private held = 0;

  add(batch: readonly TrackedEvent[]): void {
    this.batches.push(batch);
    this.held += batch.length;
    // Whole batches beyond the bound are let go (the batches stay the caller's).
    while (this.batches.length > 1 && this.held - this.batches[0]!.length >= RECENT_IDS) this.held -= this.batches.shift()!.length;
  }

  ids(): Set<string> {
    const ids = new Set<string>();
    for (const batch of this.batches) for (const e of batch) ids.add(e.id);
    return ids;
  }
}
