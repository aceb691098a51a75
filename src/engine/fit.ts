import type { DecayedCounter } from '../algorithms/popularity/decayed-counter.js';
import type { Tuning } from '../core/config.js';
import { throwIfAborted } from '../core/errors.js';
import type { KeyedMutex } from '../core/keyed-mutex.js';
import type { ContentItem, LongTaskOptions, TrackedEvent } from '../core/types.js';
import { itemText, type Embedder } from '../embeddings/types.js';
import type { StoreSet } from '../stores/types.js';
import { embedCatalog } from './catalog-embedding.js';
import type { CatalogIndex } from './catalog-index.js';
import { fitCollaborative, type CollaborativeModels } from './collaborative.js';
import { rebuildProfile } from './profiles.js';
import type { FitReport } from './reports.js';

/** Events that show attention to an item count towards trending; rejections do not. */
export function trendingWeight(event: TrackedEvent): number {
  return event.type === 'dislike' || event.type === 'dismiss' ? 0 : 1;
}

/** What `engine.fit()` rebuilds, and how it installs the collaborative models it trains. */
export interface FitTarget {
  stores: StoreSet;
  embedder: Embedder;
  tuning: Tuning;
  catalog: CatalogIndex;
  trending: DecayedCounter;
  userLocks: KeyedMutex;
  now: number;
  install: (models: CollaborativeModels) => void;
}

/**
 * The stages of `engine.fit()`: catalogue scan, embedder statistics and re-embedding, trending
 * recount, collaborative training, and every profile rebuilt. Reports progress per stage.
 */
export async function fitEngine(target: FitTarget, options: LongTaskOptions): Promise<FitReport> {
  const { stores, embedder, tuning, catalog, trending, userLocks, now } = target;
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
  trending.clear();
  let events = 0;
  for await (const batch of stores.events.scan({ batchSize: 5000 })) {
    throwIfAborted(signal, 'fit');
    for (const e of batch) {
      trending.add(catalog.ids.intern(e.contentId), trendingWeight(e), e.timestamp);
      let list = byUser.get(e.userId);
      if (!list) byUser.set(e.userId, (list = []));
      list.push(e);
    }
    events += batch.length;
    onProgress?.({ stage: 'trending', done: events, total });
  }
  const fitted = await fitCollaborative(byUser, tuning, stores, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  target.install(fitted.models);
  let profiles = 0;
  for (const userId of byUser.keys()) {
    throwIfAborted(signal, 'fit');
    await userLocks.run(userId, () => rebuildProfile(stores, tuning, catalog, userId, now));
    profiles++;
    if (profiles % 500 === 0 || profiles === byUser.size) onProgress?.({ stage: 'profiles', done: profiles, total: byUser.size });
  }
  await stores.cache.clear();
  return {
    items: items.length,
    itemsEmbedded: embedding.embedded,
    events,
    profiles,
    collaborative: fitted.report,
    seconds: (performance.now() - started) / 1000,
  };
}
