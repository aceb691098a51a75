/**
 * What the stores hold, read back in batches: an instance's in-process state (catalogue,
 * popularity, every source's event-derived state) is rebuilt from it at start, after a lost
 * connection, and when a snapshot's half-life asks for the events to be counted again.
 */
import type { ContentItem, TrackedEvent } from '../core/types.js';
import type { EventRead } from './event-counting.js';
import type { Runtime } from './runtime.js';

/** Rows read per store call. */
export const REPLAY_BATCH = 5000;

/** Feeds the stored catalogue, then (after `between`) every stored event, to `into` in batches. */
export async function replayStores(
  rt: Runtime,
  into: { addItems?(items: readonly ContentItem[]): void; addEvents?(events: readonly TrackedEvent[]): void },
  between?: () => Promise<void>,
): Promise<void> {
  for await (const batch of rt.stores.content.scan({ batchSize: REPLAY_BATCH })) into.addItems?.(batch);
  await between?.();
  for await (const batch of rt.stores.events.scan({ batchSize: REPLAY_BATCH })) into.addEvents?.(batch);
}

/** Every stored event, in the store's batches, with the read that counts them (see event-counting.ts). */
export interface StoredEvents {
  batches: TrackedEvent[][];
  read: EventRead;
}

/**
 * Reads every stored event. The read begins before the first batch, so the events tracked or
 * heard meanwhile are counted with these, once each; the caller ends it (`countAgain` or `close`).
 */
export async function storedEvents(rt: Runtime): Promise<StoredEvents> {
  const read = rt.counting.read();
  const batches: TrackedEvent[][] = [];
  try {
    for await (const batch of rt.stores.events.scan({ batchSize: REPLAY_BATCH })) batches.push(batch);
  } catch (error) {
    read.close();
    throw error;
  }
  return { batches, read };
}
