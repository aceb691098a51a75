import { foldInteractions, interactionEngagement } from '../algorithms/profile/engagement.js';
import { throwIfAborted } from '../core/errors.js';
import type { ContentItem, LongTaskOptions, TrackedEvent } from '../core/types.js';
import { itemText } from '../embeddings/types.js';
import { trainingData } from '../sources/registry.js';
import { embedCatalog } from './catalog-embedding.js';
import { profileParams, rebuildProfile } from './profiles.js';
import type { FitReport } from './reports.js';
import type { Runtime } from './runtime.js';
import { encodeModels, MODEL_SNAPSHOT } from './snapshot.js';

/**
 * The stages of `engine.fit()`: catalogue scan, embedder statistics and re-embedding, every event
 * replayed into the sources' state, the trainable sources trained and published as a snapshot,
 * and every profile rebuilt. Reports progress per stage.
 */
export async function fitEngine(rt: Runtime, options: LongTaskOptions): Promise<FitReport> {
  const { stores, embedder, tuning } = rt;
  const started = performance.now();
  const { onProgress, signal } = options;
  const items: ContentItem[] = [];
  for await (const batch of stores.content.scan({ batchSize: 1000 })) {
    throwIfAborted(signal, 'fit');
    items.push(...batch);
  }
  onProgress?.({ stage: 'catalog', done: items.length, total: items.length });
  if (typeof embedder.fit === 'function') await embedder.fit(items.map(itemText));
  // A refitted embedder has a new model id, so every fingerprint is stale and all re-embed.
  const embedding = await embedCatalog(embedder, stores, {
    batchSize: 256,
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress: (p) => onProgress({ ...p, stage: 'embed' }) } : {}),
  });
  const total = await stores.events.count();
  const byUser = new Map<string, TrackedEvent[]>();
  rt.sources.clearEvents();
  let events = 0;
  for await (const batch of stores.events.scan({ batchSize: 5000 })) {
    throwIfAborted(signal, 'fit');
    rt.sources.addEvents(batch);
    for (const e of batch) {
      let list = byUser.get(e.userId);
      if (!list) byUser.set(e.userId, (list = []));
      list.push(e);
    }
    events += batch.length;
    onProgress?.({ stage: 'trending', done: events, total });
  }
  const collaborative = await trainSources(rt, byUser, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  let profiles = 0;
  const now = rt.clock();
  for (const userId of byUser.keys()) {
    throwIfAborted(signal, 'fit');
    await rt.userLocks.run(userId, () => rebuildProfile(stores, tuning, rt.catalog, userId, now));
    profiles++;
    if (profiles % 500 === 0 || profiles === byUser.size) onProgress?.({ stage: 'profiles', done: profiles, total: byUser.size });
  }
  await stores.cache.clear();
  return { items: items.length, itemsEmbedded: embedding.embedded, events, profiles, collaborative, seconds: (performance.now() - started) / 1000 };
}

/** Trains every trainable source on each user's positive interactions and publishes the snapshot. */
async function trainSources(rt: Runtime, byUser: ReadonlyMap<string, readonly TrackedEvent[]>, run: LongTaskOptions): Promise<FitReport['collaborative']> {
  const started = performance.now();
  const params = profileParams(rt.tuning);
  const positives: Array<{ userId: string; itemId: string }> = [];
  for (const [userId, events] of byUser) {
    for (const it of foldInteractions(events, rt.tuning.ratingScale).values()) {
      if (interactionEngagement(it, params) > 0) positives.push({ userId, itemId: it.itemId });
    }
  }
  const data = trainingData(positives);
  await rt.sources.fit(data, run);
  const report: FitReport['collaborative'] = {
    users: data.matrix.users.size,
    items: data.matrix.items.size,
    seconds: (performance.now() - started) / 1000,
  };
  const models = rt.sources.exportModels();
  if (rt.tuning.snapshots.save && models) {
    report.snapshotVersion = await rt.stores.models.save(MODEL_SNAPSHOT, encodeModels(models), {
      users: report.users,
      items: report.items,
      positives: positives.length,
    });
  }
  return report;
}
