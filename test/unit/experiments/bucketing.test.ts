/*
 * GrowthBook's cross-SDK test vectors (packages/sdk-js/test/cases.json, spec 0.8.0, sections
 * hash, getBucketRange, chooseVariation, inNamespace, getEqualWeights), vendored unchanged in
 * growthbook-cases.json. Copyright (c) 2025 GrowthBook, Inc. MIT licence:
 * https://github.com/growthbook/growthbook/blob/main/LICENSE
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignVariantIndex,
  bucketRanges,
  chooseVariation,
  equalWeights,
  hashUnit,
  inNamespace,
  type BucketRange,
} from '../../../src/experiments/bucketing.js';

interface Cases {
  hash: Array<[string, string, number, number | null]>;
  getBucketRange: Array<[string, [number, number, number[] | null], BucketRange[]]>;
  chooseVariation: Array<[string, number, BucketRange[], number]>;
  inNamespace: Array<[string, string, [string, number, number], boolean]>;
  getEqualWeights: Array<[number, number[]]>;
}
const cases = JSON.parse(readFileSync(new URL('./growthbook-cases.json', import.meta.url), 'utf8')) as Cases;
// GrowthBook's harness compares ranges and weights truncated to 8 decimals.
const trunc = (x: number) => Math.floor(x * 1e8) / 1e8;

describe('GrowthBook compatibility (their test vectors)', () => {
  it.each(cases.hash)('hash(%j, %j, v%i) = %j', (seed, value, version, expected) => {
    expect(hashUnit(seed, value, version)).toBe(expected);
  });
  it.each(cases.getBucketRange)('bucket ranges: %s', (_name, [n, coverage, weights], expected) => {
    expect(bucketRanges(n, coverage, weights).map((r) => r.map(trunc))).toEqual(expected.map((r) => r.map(trunc)));
  });
  it.each(cases.chooseVariation)('choose variation: %s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });
  it.each(cases.inNamespace)('namespace: %s', (_name, userId, [id, start, end], expected) => {
    expect(inNamespace(userId, { id, start, end })).toBe(expected);
  });
  it.each(cases.getEqualWeights)('equal weights of %i', (n, expected) => {
    expect(equalWeights(n).map(trunc)).toEqual(expected.map(trunc));
  });
});

describe('assignVariantIndex', () => {
  const experiment = { seed: 'exp-seed', trafficAllocation: 1, weights: [0.5, 0.5] };

  it('is deterministic and splits traffic by weight', () => {
    const counts = [0, 0, 0];
    for (let u = 0; u < 20_000; u++) counts[assignVariantIndex({ ...experiment, weights: [0.2, 0.3, 0.5] }, `user-${u}`)]!++;
    expect(counts[0]! / 20_000).toBeCloseTo(0.2, 1);
    expect(counts[2]! / 20_000).toBeCloseTo(0.5, 1);
    expect(assignVariantIndex(experiment, 'user-1')).toBe(assignVariantIndex(experiment, 'user-1'));
  });

  it('hashes with the experiment seed, so users land independently in different experiments', () => {
    let same = 0;
    for (let u = 0; u < 2000; u++) if (assignVariantIndex(experiment, `u${u}`) === assignVariantIndex({ ...experiment, seed: 'other' }, `u${u}`)) same++;
    expect(same / 2000).toBeGreaterThan(0.4);
    expect(same / 2000).toBeLessThan(0.6);
  });

  it('raising traffic never moves an included user to another variant', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (user, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        const before = assignVariantIndex({ ...experiment, trafficAllocation: low }, user);
        const after = assignVariantIndex({ ...experiment, trafficAllocation: high }, user);
        return before === -1 || before === after;
      }),
    );
  });

  it('keeps experiments in disjoint namespace slices apart', () => {
    for (let u = 0; u < 2000; u++) {
      const a = assignVariantIndex({ ...experiment, namespace: { id: 'home', start: 0, end: 0.5 } }, `u${u}`);
      const b = assignVariantIndex({ ...experiment, seed: 'b', namespace: { id: 'home', start: 0.5, end: 1 } }, `u${u}`);
      expect(a === -1 || b === -1).toBe(true);
    }
  });
});

describe('assignment at scale', () => {
  it('splits 100,000 users by weight within 1% and passes the sample-ratio check', async () => {
    const { sampleRatioMismatch } = await import('../../../src/experiments/statistics/tests.js');
    const weights = [0.5, 0.3, 0.2];
    const counts = [0, 0, 0];
    for (let u = 0; u < 100_000; u++) counts[assignVariantIndex({ seed: 'scale', trafficAllocation: 1, weights }, `user-${u}`)]!++;
    counts.forEach((c, i) => expect(Math.abs(c / 100_000 - weights[i]!)).toBeLessThan(0.01));
    expect(sampleRatioMismatch(counts, weights).mismatch).toBe(false);
  });
});
