/**
 * A/B testing: the experiment domain (reached through `engine.experiments`), GrowthBook-compatible
 * bucketing and the statistics behind `experimentResults`.
 *
 * ```ts
 * import { wilsonInterval } from '@media-gateway/sona/experiments';
 * ```
 *
 * @packageDocumentation
 */
export type * from './types.js';
export { analyzeExperiment, type ExperimentResults, type ResultsOptions, type VariantResult } from './results.js';
export { assignVariantIndex, bucketRanges, hashUnit, inNamespace, type BucketRange, type BucketingInput } from './bucketing.js';
export {
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
