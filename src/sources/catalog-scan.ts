import { TopK } from '../core/top-k.js';
import type { CatalogIndex } from '../core/catalog-index.js';
import type { SourceRequest } from './source.js';

/**
 * The `request.limit` live, non-excluded catalogue indices with the highest positive `score`,
 * best first: the candidate step of sources that score items from in-process catalogue data.
 */
export function topCatalogIndices(catalog: CatalogIndex, request: SourceRequest, score: (index: number) => number): number[] {
  const top = new TopK<number>(request.limit);
  const skip = new Uint8Array(catalog.size);
  for (const id of request.excluded) {
    const i = catalog.ids.indexOf(id);
    if (i !== undefined) skip[i] = 1;
  }
  let threshold = 0;
  for (let i = 0; i < catalog.size; i++) {
    if (skip[i] === 1 || !catalog.isLive(i)) continue;
    const s = score(i);
    if (s > threshold) {
      top.push(s, i);
      threshold = Math.max(0, top.threshold);
    }
  }
  return top.sorted().map(({ value }) => value);
}

/**
 * A per-request score of every interned genre set, computed the first time a set is asked for:
 * a catalogue of 100k items has only a few hundred distinct sets.
 */
export function perGenreSet(catalog: CatalogIndex, score: (genres: readonly string[]) => number): (index: number) => number {
  const sets = catalog.genreSets();
  const memo = new Float64Array(sets.length).fill(Number.NaN);
  return (index) => {
    const set = catalog.genreSetOfIndex(index);
    let s = memo[set]!;
    if (Number.isNaN(s)) memo[set] = s = score(sets[set]!);
    return s;
  };
}

/** The catalogue indices of the known ones among `itemIds` (`indices` when the engine gave them). */
export function catalogIndices(catalog: CatalogIndex, itemIds: readonly string[], indices?: readonly number[]): readonly number[] {
  if (indices) return indices;
  return itemIds.flatMap((id) => {
    const i = catalog.ids.indexOf(id);
    return i === undefined ? [] : [i];
  });
}
