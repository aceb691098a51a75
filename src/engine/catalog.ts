/** The catalogue verbs: upserting and deleting items, and checks against the catalogue. */
import { NotFoundError, ValidationError } from '../core/errors.js';
import { idListSchema, parseInput } from '../core/schema.js';
import type { ContentItem, TrackedEvent } from '../core/types.js';
import { embedItems } from './catalog-embedding.js';
import { parseContent } from './inputs.js';
import type { Runtime } from './runtime.js';

const EMBED_BATCH = 256;

/** Validates every item first (an invalid one stores nothing), then embeds and stores them in batches. */
export async function upsertContent(rt: Runtime, items: unknown): Promise<{ upserted: number }> {
  const valid = parseContent(items);
  const unique = [...new Map(valid.map((item) => [item.id, item])).values()];
  for (let start = 0; start < unique.length; start += EMBED_BATCH) {
    const batch = unique.slice(start, start + EMBED_BATCH);
    await embedAndStore(rt, batch);
    await rt.sync.publish({ kind: 'items', ids: batch.map((i) => i.id) }, rt.onBackgroundError);
  }
  return { upserted: unique.length };
}

/** Removes items and their vectors; returns how many existed. */
export async function deleteContent(rt: Runtime, ids: unknown): Promise<{ deleted: number }> {
  const valid = parseInput(idListSchema, ids, 'ids');
  await rt.stores.vectors.delete(valid);
  const deleted = await rt.stores.content.delete(valid);
  rt.sources.removeItems(valid);
  await rt.sync.publish({ kind: 'items-removed', ids: valid }, rt.onBackgroundError);
  return { deleted };
}

/** Embeds and stores items, vectors first: a failure then leaves no catalogue item without its vector. */
export async function embedAndStore(rt: Runtime, items: readonly ContentItem[]): Promise<Float32Array[]> {
  const vectors = await embedItems(rt.embedder, rt.stores, items);
  await rt.stores.content.upsert(items);
  rt.sources.addItems(items);
  return vectors;
}

/**
 * Throws NotFoundError naming the first event whose content is unknown. Another process may have
 * added the items: the repository is asked before refusing.
 */
export async function ensureContent(rt: Runtime, events: readonly TrackedEvent[], single: boolean): Promise<void> {
  const unknown = [...new Set(events.map((e) => e.contentId).filter((id) => !rt.catalog.has(id)))];
  if (unknown.length === 0) return;
  const missing = new Set(await rt.stores.content.missing(unknown));
  const found = unknown.filter((id) => !missing.has(id));
  if (found.length > 0) rt.sources.addItems(await rt.stores.content.getMany(found));
  const bad = events.findIndex((e) => missing.has(e.contentId));
  if (bad >= 0) {
    throw new NotFoundError('content', events[bad]!.contentId, {
      cause: new ValidationError(single ? 'event.contentId' : `events[${bad}].contentId`, 'refers to unknown content'),
    });
  }
}
