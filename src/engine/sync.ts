/**
 * Keeps this instance in step with the others sharing its stores: what it changes is published
 * on the stores' change feed, and what the others publish is applied here, in order. Serving
 * stays stateless: no answer depends on which instance gave it, a moment after the change.
 */
import { randomUUID } from 'node:crypto';
import type { TrackedEvent } from '../core/types.js';
import type { Change, ChangeFeed } from '../stores/types.js';

/** What applying a change needs from the engine. */
export interface SyncTarget {
  onBackgroundError(error: unknown): void;
  apply(change: Change): Promise<void>;
}

export class Sync {
  /** This instance's id on the feed (its own messages come back and are skipped). */
  readonly instance = randomUUID();
  private unsubscribe: (() => Promise<void>) | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly feed: ChangeFeed | undefined) {}

  /**
   * Listens, holding every change until `ready` (the initial load) has finished, so nothing
   * published while the stores are read is lost.
   */
  async start(target: SyncTarget, ready: Promise<void>): Promise<void> {
    if (!this.feed || this.unsubscribe) return;
    this.queue = ready.catch(() => undefined);
    this.unsubscribe = await this.feed.subscribe((change, origin) => {
      if (origin === this.instance) return;
      this.queue = this.queue.then(() => target.apply(change)).catch((error: unknown) => target.onBackgroundError(error));
    });
  }

  /** Tells the other instances; a feed that fails is reported, never the caller's failure. */
  async publish(change: Change, onError: (error: unknown) => void): Promise<void> {
    if (!this.feed) return;
    try {
      await this.feed.publish(change, this.instance);
    } catch (error) {
      onError(error);
    }
  }

  /** Stops listening once the changes already received are applied. */
  async stop(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
    await this.queue;
  }
}

/** The fields of stored events the other instances' state needs. */
export function eventsChange(events: readonly TrackedEvent[]): Change {
  return {
    kind: 'events',
    events: events.map((e) => ({
      id: e.id,
      userId: e.userId,
      contentId: e.contentId,
      type: e.type,
      timestamp: e.timestamp,
      ...(e.completion !== undefined ? { completion: e.completion } : {}),
      ...(e.rating !== undefined ? { rating: e.rating } : {}),
    })),
  };
}
