import type { Experiment, VariantTotals } from './types.js';
import {
  momentsFromSums,
  relativeLift,
  sampleRatioMismatch,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
  type Interval,
  type Lift,
  type Moments,
  type SampleRatioCheck,
  type TestResult,
} from './statistics/tests.js';

/** Options of `engine.experiments.results`. */
export interface ResultsOptions {
  /** Conversion metric to analyse (an event type such as `play`); default: the most recorded one. */
  metric?: string;
  /** Confidence level of intervals (default 0.95). */
  confidence?: number;
}

/** One variant's numbers, and its comparison with the control. */
export interface VariantResult {
  variantId: string;
  name: string;
  weight: number;
  /** Users assigned. */
  users: number;
  /** Users who were shown recommendations from this variant. */
  exposedUsers: number;
  /** Users with at least one conversion, over exposed users, with a Wilson interval. */
  conversion: { users: number; rate: number; interval: Interval };
  /** The metric's value per conversion (completion for `complete`, 1 for clicks): mean and variance. */
  value: Moments;
  /** Absent for the control. */
  vsControl?: {
    /** Two-proportion z-test of the conversion rate. */
    rate: TestResult;
    rateLift?: Lift;
    /** Welch's t-test of the value per conversion. */
    value: TestResult & { df: number };
    valueLift?: Lift;
  };
}

/** Results of an experiment for one metric. */
export interface ExperimentResults {
  experimentId: string;
  name: string;
  status: Experiment['status'];
  metric: string;
  confidence: number;
  /** Assigned users against the configured weights; `mismatch` means the split is broken. */
  sampleRatio: SampleRatioCheck;
  variants: VariantResult[];
}

/** Statistics of an experiment from the repository's totals; the first variant is the control. */
export function analyzeExperiment(experiment: Experiment, totals: readonly VariantTotals[], options: ResultsOptions = {}): ExperimentResults {
  const confidence = options.confidence ?? 0.95;
  const metric = options.metric ?? mostRecorded(totals) ?? 'click';
  const byId = new Map(totals.map((t) => [t.variantId, t]));
  const rows = experiment.variants.map((v) => {
    const t = byId.get(v.id);
    const m = t?.metrics[metric];
    const exposed = t?.exposedUsers ?? 0;
    const converted = m?.users ?? 0;
    // Conversions can arrive from users whose exposure was not recorded (another surface).
    const denominator = Math.max(exposed, converted);
    return { v, t, exposed, converted, denominator, value: momentsFromSums(m?.count ?? 0, m?.sum ?? 0, m?.sumSquares ?? 0) };
  });
  const control = rows[0];
  const variants = rows.map((r, i): VariantResult => {
    const rate = r.denominator > 0 ? r.converted / r.denominator : 0;
    const result: VariantResult = {
      variantId: r.v.id,
      name: r.v.name,
      weight: r.v.weight,
      users: r.t?.users ?? 0,
      exposedUsers: r.exposed,
      conversion: { users: r.converted, rate, interval: wilsonInterval(r.converted, r.denominator, confidence) },
      value: r.value,
    };
    if (i > 0 && control) {
      const controlRate = control.denominator > 0 ? control.converted / control.denominator : 0;
      const valueTest = welchTTest(control.value, r.value);
      const rateLift =
        control.denominator > 0 && r.denominator > 0
          ? relativeLift(controlRate, (controlRate * (1 - controlRate)) / control.denominator, rate, (rate * (1 - rate)) / r.denominator, confidence)
          : undefined;
      const valueLift =
        control.value.n > 1 && r.value.n > 1
          ? relativeLift(
              control.value.mean,
              control.value.variance / control.value.n,
              r.value.mean,
              r.value.variance / r.value.n,
              confidence,
              valueTest.df || undefined,
            )
          : undefined;
      result.vsControl = {
        rate: twoProportionZTest(control.converted, control.denominator, r.converted, r.denominator),
        value: valueTest,
        ...(rateLift ? { rateLift } : {}),
        ...(valueLift ? { valueLift } : {}),
      };
    }
    return result;
  });
  return {
    experimentId: experiment.id,
    name: experiment.name,
    status: experiment.status,
    metric,
    confidence,
    sampleRatio: sampleRatioMismatch(
      rows.map((r) => r.t?.users ?? 0),
      rows.map((r) => r.v.weight),
    ),
    variants,
  };
}

function mostRecorded(totals: readonly VariantTotals[]): string | undefined {
  const counts = new Map<string, number>();
  for (const t of totals) for (const [name, m] of Object.entries(t.metrics)) counts.set(name, (counts.get(name) ?? 0) + m.count);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}
