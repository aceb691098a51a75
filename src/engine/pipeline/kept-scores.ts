/**
 * How a kept candidate list is stored: catalogue indices in ascending order with a score each
 * (typed arrays, no objects per item), and the reason and clause every candidate shares. The
 * helpers turn a source's candidates into that form and back.
 */
import type { Candidate } from '../../sources/source.js';

/** An item of a request's union: its id and catalogue index. */
export interface UnionItem {
  itemId: string;
  index: number;
}

/** Catalogue indices with a score each and the reason and clause every one of them shares. */
export interface KeptScores {
  items: Int32Array;
  scores: Float64Array;
  /** Every candidate's reason and clause (lists whose candidates differ in them are not kept). */
  reason: string | undefined;
  clause: string | undefined;
}

/**
 * The asked items' indices in ascending order with the score `given` holds for each (NaN where
 * it gave none). Sources answer in the order asked, which is matched in one pass; any other
 * order falls back to a lookup by id.
 */
export function sortedScores(asked: readonly UnionItem[], given: readonly Candidate[]): { items: Int32Array; scores: Float64Array } {
  const n = asked.length;
  const inOrder = new Float64Array(n).fill(NaN);
  let g = 0;
  for (let k = 0; k < n && g < given.length; k++) if (given[g]!.itemId === asked[k]!.itemId) inOrder[k] = given[g++]!.score;
  if (g < given.length) {
    const byId = new Map(given.map((c) => [c.itemId, c.score]));
    for (let k = 0; k < n; k++) inOrder[k] = byId.get(asked[k]!.itemId) ?? NaN;
  }
  // Index and position packed in one double (exact while index × n stays below 2^53), so a plain
  // numeric sort orders them: no comparator, no objects.
  const packed = new Float64Array(n);
  for (let k = 0; k < n; k++) packed[k] = asked[k]!.index * n + k;
  packed.sort();
  const items = new Int32Array(n);
  const scores = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const at = packed[k]! % n;
    items[k] = asked[at]!.index;
    scores[k] = inOrder[at]!;
  }
  return { items, scores };
}

/** A kept candidate: its id and score with the reason and clause its list shares. */
export function candidateOf(note: { reason: string | undefined; clause: string | undefined }, itemId: string, score: number): Candidate {
  const c: Candidate = { itemId, score };
  if (note.reason !== undefined) c.reason = note.reason;
  if (note.clause !== undefined) c.clause = note.clause;
  return c;
}

/** The reason and clause every one of `candidates` has, or undefined when they differ. */
export function sharedNote(
  candidates: ReadonlyArray<{ reason?: string | undefined; clause?: string | undefined }>,
): { reason: string | undefined; clause: string | undefined } | undefined {
  const first = candidates[0];
  const note = { reason: first?.reason, clause: first?.clause };
  return candidates.every((c) => c.reason === note.reason && c.clause === note.clause) ? note : undefined;
}

/** Where `index` sits in the sorted `items`, or −1. */
export function findIndex(items: Int32Array, index: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = items[mid]!;
    if (v === index) return mid;
    if (v < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
