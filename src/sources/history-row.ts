/**
 * A user's history as a sparse row over a model's items: what the model sources score, fold in
 * and explain with. Made once per folded history and item map.
 */
import type { SparseRow } from '../algorithms/cf/matrix.js';
import { interactionEngagement, type EngagementParams, type ItemInteraction } from '../algorithms/profile/engagement.js';
import type { IdMap } from '../core/id-map.js';

/**
 * Rows by folded history (a request's interaction map, shared by the copies the engine makes of
 * a request and reused across requests while the user's events are unchanged), then by item map
 * and engagement settings: model sources trained together share one item map and one row.
 */
const rowsByHistory = new WeakMap<object, Array<{ items: IdMap; engagement: EngagementParams; row: SparseRow }>>();

/** The row of `interactions` over `items`, made once for this folded history. */
export function historyRow(interactions: ReadonlyMap<string, ItemInteraction>, items: IdMap, engagement: EngagementParams): SparseRow {
  let rows = rowsByHistory.get(interactions);
  if (!rows) rowsByHistory.set(interactions, (rows = []));
  let found = rows.find((r) => r.items === items && r.engagement === engagement);
  if (!found) rows.push((found = { items, engagement, row: userRow(interactions.values(), items, engagement) }));
  return found.row;
}

/** A user's positive interactions as a sparse row over a model's item indices (value 1 each). */
export function userRow(interactions: Iterable<ItemInteraction>, items: IdMap, engagement: EngagementParams): SparseRow {
  const indices: number[] = [];
  for (const it of interactions) {
    if (interactionEngagement(it, engagement) <= 0) continue;
    const i = items.indexOf(it.itemId);
    if (i !== undefined) indices.push(i);
  }
  indices.sort((a, b) => a - b);
  return { indices: Int32Array.from(indices), values: new Float32Array(indices.length).fill(1) };
}
