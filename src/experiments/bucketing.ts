/**
 * Deterministic experiment assignment, compatible with GrowthBook's published algorithm (its
 * cross-SDK test vectors pass), so assignments can be analysed in that ecosystem. Pure functions.
 */
import { fnv1a32 } from '../core/fnv.js';
import type { ExperimentNamespace } from './types.js';

/** A half-open bucket range [start, end) of the unit interval. */
export type BucketRange = [start: number, end: number];

/**
 * A user's position in [0, 1) for `seed`. Version 2 (SONA's default, unbiased) hashes
 * seed + value, then the decimal string of that hash, mod 10,000; version 1 hashes value + seed
 * mod 1,000. Other versions give null.
 */
export function hashUnit(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10_000) / 10_000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/** `n` equal weights summing to 1 (empty for n ≤ 0). */
export function equalWeights(n: number): number[] {
  return n <= 0 ? [] : new Array<number>(n).fill(1 / n);
}

/**
 * One range per variant: variant i starts where the weights before it end and is
 * `coverage × weight_i` wide, so raising coverage only widens ranges and never moves a user to
 * another variant. Coverage is clamped to [0, 1]; weights that are missing, of the wrong count, or
 * not summing to 1 (±0.01) fall back to equal weights.
 */
export function bucketRanges(variants: number, coverage = 1, weights?: readonly number[] | null): BucketRange[] {
  const c = Math.min(1, Math.max(0, coverage));
  let w = weights ?? equalWeights(variants);
  if (w.length !== variants) w = equalWeights(variants);
  const total = w.reduce((s, x) => s + x, 0);
  if (total < 0.99 || total > 1.01) w = equalWeights(variants);
  let cumulative = 0;
  return w.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + c * weight];
  });
}

/** The index of the range holding `n` (start ≤ n < end), or -1 when none does. */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  return ranges.findIndex(([start, end]) => n >= start && n < end);
}

/** Whether `userId` falls in the namespace slice (version-1 hash of the user id and `__<id>`). */
export function inNamespace(userId: string, namespace: ExperimentNamespace): boolean {
  const n = hashUnit(`__${namespace.id}`, userId, 1);
  return n !== null && n >= namespace.start && n < namespace.end;
}

/** What assignment needs to know about an experiment. */
export interface BucketingInput {
  seed: string;
  /** Share of users included, 0..1 (GrowthBook's coverage). */
  trafficAllocation: number;
  weights: readonly number[];
  namespace?: ExperimentNamespace | undefined;
}

/** The variant index for `userId`, or -1 when the user is outside the namespace or the traffic. */
export function assignVariantIndex(experiment: BucketingInput, userId: string): number {
  if (experiment.namespace && !inNamespace(userId, experiment.namespace)) return -1;
  const n = hashUnit(experiment.seed, userId, 2);
  if (n === null) return -1;
  return chooseVariation(n, bucketRanges(experiment.weights.length, experiment.trafficAllocation, experiment.weights));
}
