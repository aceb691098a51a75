/**
 * Train/test splits following Microsoft Recommenders' protocol (`python_stratified_split`,
 * `python_chrono_split`, `python_random_split`), so numbers are comparable with its published
 * benchmark tables: per user (or item) group, interactions are ordered (randomly, seeded, or by
 * time); the one at position p of n goes to train when p / n ≤ ratio. A group with a single
 * interaction therefore goes entirely to test, as there.
 */
import { ValidationError } from '../core/errors.js';
import { seededRandom } from '../core/random.js';
import type { Interaction, Split } from './types.js';

/** How to split. */
export type SplitMethod = 'stratified-user' | 'stratified-item' | 'random' | 'time';

/** Options of {@link splitInteractions}. */
export interface SplitOptions {
  method: SplitMethod;
  /** Share that goes to train. @default 0.75 */
  ratio?: number;
  /** Seed for the random order. @default 42 */
  seed?: number;
  /** Groups (users or items) with fewer interactions are dropped first. @default 1 */
  minRatings?: number;
}

/** Splits interactions into train and test by the given method. */
export function splitInteractions(data: readonly Interaction[], options: SplitOptions): Split {
  const ratio = options.ratio ?? 0.75;
  if (!(ratio > 0 && ratio < 1)) throw new ValidationError('ratio', 'must be between 0 and 1 (exclusive)');
  const seed = options.seed ?? 42;
  const minRatings = options.minRatings ?? 1;
  if (!Number.isInteger(minRatings) || minRatings < 1) throw new ValidationError('minRatings', 'must be a whole number ≥ 1');
  switch (options.method) {
    case 'random':
      return randomSplit(data, ratio, seed);
    case 'stratified-user':
      return groupedSplit(data, ratio, (x) => x.userId, minRatings, randomKeys(data.length, seed));
    case 'stratified-item':
      return groupedSplit(data, ratio, (x) => x.itemId, minRatings, randomKeys(data.length, seed));
    case 'time': {
      if (data.some((x) => x.timestamp === undefined)) throw new ValidationError('method', "'time' needs a timestamp on every interaction");
      return groupedSplit(
        data,
        ratio,
        (x) => x.userId,
        minRatings,
        data.map((x) => x.timestamp!),
      );
    }
    default:
      throw new ValidationError('method', `must be one of stratified-user, stratified-item, random, time`);
  }
}

function randomKeys(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, random);
}

function randomSplit(data: readonly Interaction[], ratio: number, seed: number): Split {
  const keys = randomKeys(data.length, seed);
  const order = data.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const cut = Math.round(ratio * data.length);
  return { train: order.slice(0, cut).map((i) => data[i]!), test: order.slice(cut).map((i) => data[i]!) };
}

function groupedSplit(
  data: readonly Interaction[],
  ratio: number,
  groupOf: (x: Interaction) => string,
  minRatings: number,
  orderKey: readonly number[],
): Split {
  const groups = new Map<string, number[]>();
  data.forEach((x, i) => {
    const g = groupOf(x);
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(i);
  });
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  for (const indices of groups.values()) {
    if (indices.length < minRatings) continue;
    // Ties in the key (equal timestamps) keep input order, as a stable sort does in pandas.
    indices.sort((a, b) => orderKey[a]! - orderKey[b]! || a - b);
    const n = indices.length;
    indices.forEach((index, position) => ((position + 1) / n <= ratio ? train : test).push(data[index]!));
  }
  return { train, test };
}
