/**
 * Which items a request may return: the user's watched items by the chosen mode, dismissed and
 * disliked items, caller exclusions, an allow-list and a predicate over the full item.
 */
import type { ItemInteraction } from '../../algorithms/profile/engagement.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { ValidationError } from '../../core/errors.js';
import type { ContentItem } from '../../core/types.js';
import type { StoreSet } from '../../stores/types.js';
import type { BlendedItem } from './blend.js';

/** How a user's own items are kept out of their lists. */
export type WatchedMode = 'any' | 'completed' | 'none';

/** True when the user's interaction keeps the item out of their list. */
export function hidesItem(it: ItemInteraction, mode: WatchedMode, completedAt: number): boolean {
  if (it.dismissed || it.liked === false) return true;
  if (it.intentOnly || mode === 'none') return false;
  if (mode === 'any') return true;
  return (it.completion ?? 0) >= completedAt || it.rating !== undefined || it.liked === true;
}

/** The request-level filters, validated. */
export interface ItemFilters {
  excluded: ReadonlySet<string>;
  allow: ReadonlySet<string> | undefined;
  predicate: ((item: ContentItem) => boolean) | undefined;
}

/**
 * The first `wanted` blended items that pass every filter, in order. The predicate sees full
 * items, fetched from the content repository a page at a time.
 */
export async function qualifying(
  blended: readonly BlendedItem[],
  filters: ItemFilters,
  catalog: CatalogIndex,
  stores: StoreSet,
  wanted: number,
): Promise<BlendedItem[]> {
  const admitted = (b: BlendedItem) => !filters.excluded.has(b.itemId) && catalog.has(b.itemId) && (filters.allow === undefined || filters.allow.has(b.itemId));
  if (!filters.predicate) {
    // Without a predicate the first `wanted` are all it takes: the rest of the pool is never read.
    const out: BlendedItem[] = [];
    for (let i = 0; i < blended.length && out.length < wanted; i++) if (admitted(blended[i]!)) out.push(blended[i]!);
    return out;
  }
  const candidates = blended.filter(admitted);
  const out: BlendedItem[] = [];
  const page = Math.max(wanted * 2, 50);
  for (let start = 0; start < candidates.length && out.length < wanted; start += page) {
    const slice = candidates.slice(start, start + page);
    const items = new Map((await stores.content.getMany(slice.map((b) => b.itemId))).map((i) => [i.id, i]));
    for (const b of slice) {
      const item = items.get(b.itemId);
      if (item && passes(filters.predicate, item)) out.push(b);
      if (out.length >= wanted) break;
    }
  }
  return out;
}

function passes(predicate: (item: ContentItem) => boolean, item: ContentItem): boolean {
  try {
    return predicate(item) === true;
  } catch (error) {
    throw new ValidationError('options.filter', `threw on item ${JSON.stringify(item.id)}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}
