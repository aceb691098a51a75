/**
 * The shared interface of collaborative models, as implicit has it (fit / recommend / similar
 * items). Users are passed as their interaction row, so a user who arrived after training is
 * served the same way as a trained one.
 */
import { TopK } from '../../core/top-k.js';
import type { Progress } from '../../core/types.js';
import type { InteractionMatrix, SparseRow } from './matrix.js';

/** An item index with a score. */
export interface Scored {
  index: number;
  score: number;
}

/** A user as models see them: their interaction row, and their trained index if any. */
export interface UserQuery {
  row: SparseRow;
  index?: number;
}

/** The shared interface of collaborative models. */
export interface CollaborativeModel {
  readonly name: string;
  /** Trains on a users × items matrix. */
  fit(matrix: InteractionMatrix, run?: { onProgress?: (p: Progress) => void; signal?: AbortSignal }): void | Promise<void>;
  /** Writes a score for every item (higher is better) into `out` (length = items). */
  scoreAll(user: UserQuery, out: Float32Array): void;
  /**
   * Optional: writes the scores of `items` only (out[k] for items[k], the same values scoreAll
   * gives), at a cost that does not grow with the catalogue. Without it callers use scoreAll.
   */
  scoreItems?(user: UserQuery, items: Int32Array, out: Float32Array): void;
  /** Optional: the item's latent vector (ALS factors), placing it by who watches it. */
  itemVector?(item: number): Float32Array | undefined;
  /** Items most similar to `item`, best first. */
  similarItems(item: number, count: number): Scored[];
  /** Optional: the user's items that contributed most to `item`'s score, largest first. */
  explain?(user: UserQuery, item: number, count: number): Scored[];
}

/** The best `count` items by `scores`, skipping `exclude`d indices. */
export function topItems(scores: Float32Array, count: number, exclude?: (index: number) => boolean): Scored[] {
  const heap = new TopK<number>(count);
  // The heap's bar, re-read only when an entry got in: most scores fail it on one comparison.
  let bar = heap.threshold;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!(s > bar) || exclude?.(i)) continue;
    heap.push(s, i);
    bar = heap.threshold;
  }
  return heap.sorted().map(({ score, value }) => ({ index: value, score }));
}
