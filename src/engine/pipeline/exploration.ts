import type { BlendedItem } from './blend.js';

/** The genre cap the list must keep: at most `cap` items share a genre. */
export interface ExplorationCap {
  cap: number;
  genresOf: (itemId: string) => readonly string[] | undefined;
}

/**
 * Gives up to `slots` places at the end of the list to new items of the pool (no interactions
 * yet), so new content gets exposure, then to fresh ones (first viewers within the last hours),
 * so it keeps that exposure through its first day; the most relevant first within each kind. A
 * list already holding that many new items keeps its order. With a genre cap, an item takes a
 * place only where the list keeps the cap.
 */
export function withExploration(
  items: readonly BlendedItem[],
  pool: readonly BlendedItem[],
  slots: number,
  isNew: (itemId: string) => boolean,
  genreCap?: ExplorationCap,
  isFresh: (itemId: string) => boolean = () => false,
): BlendedItem[] {
  const have = items.filter((b) => isNew(b.itemId)).length;
  const chosen = new Set(items.map((b) => b.itemId));
  const open = pool.filter((b) => !chosen.has(b.itemId));
  const fresh = [...open.filter((b) => isNew(b.itemId)), ...open.filter((b) => !isNew(b.itemId) && isFresh(b.itemId))];
  let wanted = Math.max(0, slots - have);
  const out = [...items];
  for (let i = out.length - 1; i >= 0 && wanted > 0 && fresh.length > 0; i--) {
    if (isNew(out[i]!.itemId)) continue;
    // A fresh item in the list may give its place to a new one, not to another fresh one.
    const held = isFresh(out[i]!.itemId);
    const k = fresh.findIndex((candidate) => (!held || isNew(candidate.itemId)) && (!genreCap || keepsCap(out, i, candidate, genreCap)));
    if (k < 0) continue;
    out[i] = fresh.splice(k, 1)[0]!;
    wanted--;
  }
  return out;
}

/** True when putting `candidate` at `at` leaves no genre above the cap. */
function keepsCap(list: readonly BlendedItem[], at: number, candidate: BlendedItem, { cap, genresOf }: ExplorationCap): boolean {
  const counts = new Map<string, number>();
  list.forEach((b, i) => {
    for (const g of genresOf(i === at ? candidate.itemId : b.itemId) ?? []) counts.set(g, (counts.get(g) ?? 0) + 1);
  });
  return [...counts.values()].every((n) => n <= cap);
}
