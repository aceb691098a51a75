import type { Change, ChangeFeed } from './types.js';

/**
 * The in-process feed, shared by the memory and PGlite stores: every engine built on the same
 * store set hears the others. Delivery is asynchronous (a microtask), in publishing order, to every subscriber.
 */
export class InProcessChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<(change: Change, origin: string) => void>();

  async publish(change: Change, origin: string): Promise<void> {
    // A copy: a listener must not see (or change) the publisher's objects.
    const copy = structuredClone(change);
    for (const listener of [...this.listeners]) queueMicrotask(() => listener(copy, origin));
  }

  async subscribe(listener: (change: Change, origin: string) => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    return async () => void this.listeners.delete(listener);
  }
}
