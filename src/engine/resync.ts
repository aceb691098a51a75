import { log } from '../core/telemetry.js';
import type { ContentItem } from '../core/types.js';
import { REPLAY_BATCH, storedEvents } from './replay.js';
import { newerSnapshot, serveSnapshot } from './served-snapshot.js';
import type { Runtime } from './runtime.js';

/**
 * Reads the stores again after changes from other instances may have been lost (a dropped
 * connection): the newest snapshot, the catalogue (items added, changed and removed), every
 * user's attributes, and every event, counted again from nothing (at the snapshot's half-life,
 * when it brings one) so that popularity and the attribute groups hold what a fresh instance's
 * would. The events are read first and swapped in in one synchronous step, so no request sees
 * the counts half rebuilt; the events tracked or heard while they are read are counted once
 * each (event-counting.ts).
 */
export async function resyncRuntime(rt: Runtime): Promise<void> {
  const started = performance.now();
  const models = await newerSnapshot(rt);
  const items: ContentItem[] = [];
  for await (const batch of rt.stores.content.scan({ batchSize: REPLAY_BATCH })) items.push(...batch);
  const stored = new Set(items.map((i) => i.id));
  const removed: string[] = [];
  for (let i = 0; i < rt.catalog.size; i++) {
    const id = rt.catalog.ids.idAt(i);
    if (rt.catalog.isLive(i) && !stored.has(id)) removed.push(id);
  }
  if (removed.length > 0) rt.sources.removeItems(removed);
  rt.sources.addItems(items);
  await rt.attributes.load({ replace: true });
  const events = await storedEvents(rt);
  let counted: number;
  try {
    counted = models ? await serveSnapshot(rt, models, events) : events.read.countAgain(events.batches);
  } finally {
    events.read.close();
  }
  const milliseconds = Math.round(performance.now() - started);
  log(
    rt.logger,
    'info',
    { event: 'sona.resync', items: items.length, removed: removed.length, events: counted, milliseconds },
    `SONA resync after a lost connection: ${items.length} items (${removed.length} removed), ${counted} events counted again in ${milliseconds} ms`,
  );
}
