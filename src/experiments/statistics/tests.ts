/**
 * The statistics of an A/B test: intervals for rates, tests against control, relative lift and
 * a sample-ratio-mismatch check. Pure functions over counts and moments.
 */
import { chiSquareSurvival, normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.js';

/** A two-sided interval. */
export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for `successes` out of `trials` (well behaved near 0 and 1 and for small n). */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A test's statistic and two-sided p-value. */
export interface TestResult {
  statistic: number;
  pValue: number;
}

/** Pooled two-proportion z-test of treatment rate c2/n2 against control c1/n1. */
export function twoProportionZTest(c1: number, n1: number, c2: number, n2: number): TestResult {
  if (n1 <= 0 || n2 <= 0) return { statistic: 0, pValue: 1 };
  const pooled = (c1 + c2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, pValue: 1 };
  const z = (c2 / n2 - c1 / n1) / se;
  return { statistic: z, pValue: 2 * normalCdf(-Math.abs(z)) };
}

/** Sample moments of a metric in one group. */
export interface Moments {
  n: number;
  mean: number;
  /** Unbiased sample variance. */
  variance: number;
}

/** Moments from a count, sum and sum of squares (what the repository aggregates). */
export function momentsFromSums(n: number, sum: number, sumSquares: number): Moments {
  if (n <= 0) return { n: 0, mean: 0, variance: 0 };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** Welch's t-test of treatment against control, with Welch–Satterthwaite degrees of freedom. */
export function welchTTest(control: Moments, treatment: Moments): TestResult & { df: number } {
  const v1 = control.variance / control.n;
  const v2 = treatment.variance / treatment.n;
  const se = Math.sqrt(v1 + v2);
  if (!(control.n > 1 && treatment.n > 1) || se === 0 || !Number.isFinite(se)) return { statistic: 0, pValue: 1, df: 0 };
  const t = (treatment.mean - control.mean) / se;
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (control.n - 1) + v2 ** 2 / (treatment.n - 1));
  return { statistic: t, df, pValue: 2 * studentTCdf(-Math.abs(t), df) };
}

/** Relative lift of treatment over control, (t − c) / c, with a delta-method interval. */
export interface Lift {
  lift: number;
  interval: Interval;
}

/**
 * Relative lift of mean `t` over mean `c` given the variances of the two estimates; the interval
 * uses the delta method on the ratio and, with `df`, Student's t instead of the normal.
 */
export function relativeLift(c: number, varC: number, t: number, varT: number, confidence = 0.95, df?: number): Lift | undefined {
  if (c === 0) return undefined;
  const ratio = t / c;
  const se = Math.abs(ratio) * Math.sqrt(varT / (t * t || 1) + varC / (c * c));
  const q = 1 - (1 - confidence) / 2;
  const z = df !== undefined && df > 0 ? studentTQuantile(q, df) : normalQuantile(q);
  const seRatio = t === 0 ? Math.sqrt(varT) / Math.abs(c) : se;
  return { lift: ratio - 1, interval: { low: ratio - 1 - z * seRatio, high: ratio - 1 + z * seRatio } };
}

/** Sample-ratio-mismatch check: chi-square goodness of fit of observed counts to the weights. */
export interface SampleRatioCheck {
  chiSquare: number;
  df: number;
  pValue: number;
  /** True when p < `threshold` (0.001): the split is not what was configured; distrust the results. */
  mismatch: boolean;
}

export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[], threshold = 0.001): SampleRatioCheck {
  const total = observed.reduce((s, x) => s + x, 0);
  const weightSum = weights.reduce((s, x) => s + x, 0);
  let chi = 0;
  let cells = 0;
  observed.forEach((o, i) => {
    const expected = (total * (weights[i] ?? 0)) / (weightSum || 1);
    if (expected > 0) {
      chi += (o - expected) ** 2 / expected;
      cells++;
    }
  });
  const df = Math.max(1, cells - 1);
  const pValue = total === 0 ? 1 : chiSquareSurvival(chi, df);
  return { chiSquare: chi, df, pValue, mismatch: pValue < threshold };
}
