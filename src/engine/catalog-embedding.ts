import { AbortedError, ValidationError, throwIfAborted } from '../core/errors.js';
import type { ContentItem, LongTaskOptions } from '../core/types.js';
import { itemText, type Embedder } from '../embeddings/types.js';
import type { StoreSet } from '../stores/types.js';
import { vectorFingerprint } from '../embeddings/fingerprint.js';

/** Options of {@link SonaEngine.embedCatalog}. */
export interface EmbedCatalogOptions extends LongTaskOptions {
  /** Items per embedder call (default 64). */
  batchSize?: number;
  /** Re-embed every item even when its stored vector is current. */
  force?: boolean;
}

/** What {@link SonaEngine.embedCatalog} did. */
export interface EmbedCatalogReport {
  /** Items in the catalogue. */
  items: number;
  /** Items embedded by this call (new, changed text, or a new model). */
  embedded: number;
  /** Items whose stored vector was already current. */
  unchanged: number;
  /** The embedder's model id, recorded in every vector's fingerprint. */
  modelId: string;
  seconds: number;
}

/** Embeds `items` and stores their vectors with fingerprints; returns the vectors in order. */
export async function embedItems(embedder: Embedder, stores: StoreSet, items: readonly ContentItem[], signal?: AbortSignal): Promise<Float32Array[]> {
  const texts = items.map(itemText);
  const vectors = await embedder.embed(texts, signal ? { signal } : {});
  if (vectors.length !== items.length) {
    throw new ValidationError('embedder', `returned ${vectors.length} vectors for ${items.length} texts`);
  }
  await stores.vectors.upsert(items.map((item, i) => ({ id: item.id, vector: vectors[i]!, fingerprint: vectorFingerprint(embedder.modelId, texts[i]!) })));
  return vectors;
}

/**
 * Brings every catalogue vector up to date with the embedder, page by page. Each batch is stored
 * with its fingerprints before the next starts, so an aborted run loses at most the batch in
 * flight and the next run skips everything already done.
 */
export async function embedCatalog(embedder: Embedder, stores: StoreSet, options: EmbedCatalogOptions = {}): Promise<EmbedCatalogReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new ValidationError('options.batchSize', 'must be an integer from 1 to 10000');
  const { signal, onProgress } = options;
  const total = await stores.content.count();
  let items = 0;
  let embedded = 0;
  try {
    for await (const page of stores.content.scan({ batchSize: 1000 })) {
      throwIfAborted(signal, 'embedCatalog');
      const current = options.force ? new Map<string, string>() : await stores.vectors.fingerprints(page.map((i) => i.id));
      const stale = page.filter((item) => current.get(item.id) !== vectorFingerprint(embedder.modelId, itemText(item)));
      items += page.length - stale.length;
      for (let start = 0; start < stale.length; start += batchSize) {
        throwIfAborted(signal, 'embedCatalog');
        const batch = stale.slice(start, start + batchSize);
        await embedItems(embedder, stores, batch, signal);
        embedded += batch.length;
        items += batch.length;
        onProgress?.({ stage: 'embed-catalog', done: items, total });
      }
      if (stale.length === 0) onProgress?.({ stage: 'embed-catalog', done: items, total });
    }
  } catch (error) {
    // An embedder may report cancellation its own way; callers get one error type.
    if (signal?.aborted && !(error instanceof AbortedError)) throw new AbortedError('embedCatalog', { cause: error });
    throw error;
  }
  return { items, embedded, unchanged: items - embedded, modelId: embedder.modelId, seconds: (performance.now() - started) / 1000 };
}

/**
 * Lets an embedder with corpus statistics (the hashing embedder's IDF) learn them from the
 * stored catalogue, as `fit()` does, so a separate embedding run produces the same model id and
 * vectors as the last `fit()`. Embedders without statistics are left alone.
 */
export async function fitEmbedderToCatalog(embedder: Embedder, stores: StoreSet): Promise<void> {
  if (typeof embedder.fit !== 'function') return;
  const texts: string[] = [];
  for await (const batch of stores.content.scan({ batchSize: 1000 })) texts.push(...batch.map(itemText));
  await embedder.fit(texts);
}
