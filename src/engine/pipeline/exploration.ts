import type { BlendedItem } from './blend.js';

/**
 * Gives up to `slots` places at the end of the list to the most relevant new items of the pool
 * (no interactions yet), so new content gets exposure; a list already holding that many keeps
 * its order.
 */
export function withExploration(items: readonly BlendedItem[], pool: readonly BlendedItem[], slots: number, isNew: (itemId: string) => boolean): BlendedItem[] {
  const have = items.filter((b) => isNew(b.itemId)).length;
  const chosen = new Set(items.map((b) => b.itemId));
  const fresh = pool.filter((b) => !chosen.has(b.itemId) && isNew(b.itemId)).slice(0, Math.max(0, slots - have));
  if (fresh.length === 0) return [...items];
  const out = [...items];
  let replaced = 0;
  for (let i = out.length - 1; i >= 0 && replaced < fresh.length; i--) {
    if (!isNew(out[i]!.itemId)) out[i] = fresh[replaced++]!;
  }
  return out;
}
