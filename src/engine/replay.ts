/**
 * What the stores hold, read back in batches: an instance's in-process state (catalogue,
 * popularity, every source's event-derived state) is rebuilt from it at start, after a lost
 * connection, and when a snapshot's half-life asks for the events to be counted again.
 */
import type { ContentItem, TrackedEvent } from '../core/types.js';
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

/** Every stored event, in the store's batches. */
export async function storedEvents(rt: Runtime): Promise<TrackedEvent[][]> {
  const batches: TrackedEvent[][] = [];
  for await (const batch of rt.stores.events.scan({ batchSize: REPLAY_BATCH })) batches.push(batch);
  return batches;
}

/**
 * Every source's event-derived state (and popularity) emptied and fed `batches` in one
 * synchronous step, so no request sees the counts half rebuilt. Returns the events counted.
 */
export function countAgain(rt: Runtime, batches: readonly (readonly TrackedEvent[])[]): number {
  rt.sources.clearEvents();
  let counted = 0;
  for (const batch of batches) {
    rt.sources.addEvents(batch);
    counted += batch.length;
  }
  return counted;
}
