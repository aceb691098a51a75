import { describe, expect, it } from 'vitest';
import {
  momentsFromSums,
  relativeLift,
  sampleRatioMismatch,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
} from '../../../src/experiments/statistics/tests.js';

const moments = (xs: number[]) =>
  momentsFromSums(
    xs.length,
    xs.reduce((s, x) => s + x, 0),
    xs.reduce((s, x) => s + x * x, 0),
  );

describe('experiment statistics against published results', () => {
  it('Wilson interval (Newcombe 1998, Table I: 0/10 and 5/10)', () => {
    const none = wilsonInterval(0, 10);
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
  });

  it('two-proportion z-test (200/1000 vs 250/1000; R prop.test without correction: X² 7.168, p 0.00742)', () => {
    const r = twoProportionZTest(200, 1000, 250, 1000);
    expect(r.statistic ** 2).toBeCloseTo(7.168, 3);
    expect(r.pValue).toBeCloseTo(0.00742, 5);
  });

  it("Welch's t-test (Wikipedia's worked example: t −2.46, df 24.99, p 0.021)", () => {
    const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTTest(moments(a1), moments(a2));
    expect(-r.statistic).toBeCloseTo(-2.46, 2);
    expect(r.df).toBeCloseTo(24.99, 1);
    expect(r.pValue).toBeCloseTo(0.021, 3);
  });

  it('relative lift with an interval that covers it', () => {
    const l = relativeLift(0.2, (0.2 * 0.8) / 1000, 0.25, (0.25 * 0.75) / 1000)!;
    expect(l.lift).toBeCloseTo(0.25, 12);
    expect(l.interval.low).toBeLessThan(0.25);
    expect(l.interval.high).toBeGreaterThan(0.25);
    expect(l.interval.low).toBeGreaterThan(0); // significant, as the z-test says
    expect(relativeLift(0, 0, 1, 0)).toBeUndefined();
  });

  it('sample-ratio mismatch: flags 5300/4700 on a 50/50 split, not 5050/4950', () => {
    const fine = sampleRatioMismatch([5050, 4950], [0.5, 0.5]);
    expect(fine.chiSquare).toBeCloseTo(1, 12);
    expect(fine.pValue).toBeCloseTo(0.3173105, 6);
    expect(fine.mismatch).toBe(false);
    const bad = sampleRatioMismatch([5300, 4700], [0.5, 0.5]);
    expect(bad.chiSquare).toBeCloseTo(36, 10);
    expect(bad.mismatch).toBe(true);
  });

  it('degenerate inputs give neutral results, never NaN', () => {
    expect(twoProportionZTest(0, 0, 0, 0)).toEqual({ statistic: 0, pValue: 1 });
    expect(welchTTest(moments([1]), moments([2])).pValue).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(sampleRatioMismatch([0, 0], [0.5, 0.5]).pValue).toBe(1);
  });
});
