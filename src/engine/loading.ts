import { decodeModels, MODEL_SNAPSHOT } from './snapshot.js';
import type { Runtime } from './runtime.js';

/**
 * Fills the in-process state from the stores: the catalogue, then users' attributes (before the
 * events, which count towards attribute groups), then every event, then the newest model snapshot.
 */
export async function loadRuntime(rt: Runtime): Promise<void> {
  // One trainer publishes snapshots; every other instance serves the newest one, with its tuning.
  const snapshot = rt.tuning.snapshots.load ? await rt.stores.models.latest(MODEL_SNAPSHOT) : undefined;
  const models = snapshot ? decodeModels(snapshot.data) : undefined;
  if (models?.tuned) {
    rt.tuned = models.tuned;
    if (rt.tuned.halfLifeDays !== undefined && !rt.pinned.has('trending.halfLifeDays')) rt.popularity.reset(rt.tuned.halfLifeDays);
  }
  for await (const batch of rt.stores.content.scan({ batchSize: 5000 })) rt.sources.addItems(batch);
  await rt.attributes.load();
  for await (const batch of rt.stores.events.scan({ batchSize: 5000 })) rt.sources.addEvents(batch);
  if (models) rt.sources.importModels(models);
}
