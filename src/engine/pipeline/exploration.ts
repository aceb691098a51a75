import type { CatalogIndex } from '../../core/catalog-index.js';
import type { StoreSet } from '../../stores/types.js';
import type { BlendedItem } from './blend.js';
import { qualifying, type ItemFilters } from './filter.js';

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

/**
 * With fresh items on offer (`coldStart.freshHours`): the qualified items, then the explorable
 * ones beyond them, so a fresh item the sources know too little of still reaches the
 * exploration slots. Without them, new items must earn a place among the qualified: reaching
 * further fills a slot of every list with a never-watched item, which cost 4% of nDCG@10 on
 * MovieTweetings, where such items are old titles nobody chose rather than new releases.
 */
export async function explorationPool(
  blended: readonly BlendedItem[],
  qualified: readonly BlendedItem[],
  explorable: (itemId: string) => boolean,
  filters: ItemFilters,
  input: { catalog: CatalogIndex; stores: StoreSet; fresh: readonly string[] },
  slots: number,
): Promise<BlendedItem[]> {
  const have = new Set(qualified.map((b) => b.itemId));
  // Only the best few of the rest are needed: stop early rather than test every blended item.
  const beyond: BlendedItem[] = [];
  for (let i = 0; i < blended.length && beyond.length < slots * 8; i++) {
    const b = blended[i]!;
    if (!have.has(b.itemId) && explorable(b.itemId)) beyond.push(b);
  }
  const pool = beyond.length === 0 ? [...qualified] : [...qualified, ...(await qualifying(beyond, filters, input.catalog, input.stores, slots * 4))];
  // Fresh items first, the most relevant to this user first (the sources scored them with the
  // union; content and early popularity are what they know of them), ties by the interest they
  // drew in their first hours.
  const rank = new Map(input.fresh.map((id, i) => [id, i]));
  const offered = (b: BlendedItem) => rank.has(b.itemId);
  return pool.sort(
    (a, b) =>
      Number(offered(b)) - Number(offered(a)) || (offered(a) ? b.score - a.score : 0) || (rank.get(a.itemId) ?? rank.size) - (rank.get(b.itemId) ?? rank.size),
  );
}
