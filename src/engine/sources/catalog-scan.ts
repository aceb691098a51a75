import { TopK } from '../../core/top-k.js';
import type { CatalogIndex } from '../catalog-index.js';
import type { CandidateRequest } from './types.js';

/**
 * The `request.limit` live, non-excluded catalogue indices with the highest positive `score`,
 * best first: the candidate step of sources that score items from in-process catalogue data.
 */
export function topCatalogIndices(catalog: CatalogIndex, request: CandidateRequest, score: (index: number) => number): number[] {
  const top = new TopK<number>(request.limit);
  for (let i = 0; i < catalog.size; i++) {
    if (!catalog.isLive(i) || request.excluded.has(catalog.ids.idAt(i))) continue;
    const s = score(i);
    if (s > 0) top.push(s, i);
  }
  return top.sorted().map(({ value }) => value);
}

/** The catalogue indices of the known ones among `itemIds`. */
export function catalogIndices(catalog: CatalogIndex, itemIds: readonly string[]): number[] {
  return itemIds.flatMap((id) => {
    const i = catalog.ids.indexOf(id);
    return i === undefined ? [] : [i];
  });
}
