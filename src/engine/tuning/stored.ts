import { z } from 'zod';
import type { ListMetric } from '../../algorithms/ranking/list-metrics.js';
import type { Settings } from './search.js';
import type { Weights } from './weights.js';

/** Blend weights for users with fewer than `below` interactions (`null`: everyone else). */
export interface WeightSegment {
  name: 'new' | 'light' | 'heavy' | 'all';
  below: number | null;
  weights: Weights;
}

/** What the tuner chose; stored in the model snapshot so every instance serves with it. */
export interface TunedSettings {
  /** Settings per source name. */
  sources: Record<string, Settings>;
  /** Trending half-life in days, when tuned. */
  halfLifeDays?: number;
  /** Blend weights by history length, when tuned. */
  segments?: WeightSegment[];
  /** MMR's λ, with `maxGenreShare` the most varied pair within `tune.varietyCost` of the most accurate setting on validation, when tuned. */
  lambda?: number;
  /** The genre cap tuned with `lambda` (1 = none). */
  maxGenreShare?: number;
  /** How many events a user needs before personal sources carry their full weight, when tuned. */
  minInteractions?: number;
  /** `blend.popularityPenalty`, when tuned. */
  popularityPenalty?: number;
  /** `blend.exposurePenalty`, when tuned. */
  exposurePenalty?: number;
  /**
   * Items and how many validation users' deeper lists the most accurate blend put them in (see
   * tuning/exposure.ts), sorted by id: what `blend.exposurePenalty` weighs. Pairs, not a record,
   * because item ids come from data.
   */
  exposure?: Array<[string, number]>;
  /**
   * Weights for users who arrived after the fit (their first event later than `horizon`, the
   * latest event the fit saw) while they have fewer than `below` events, when the tuner's
   * held-out arrivals clearly preferred weights of their own (tuning/arrivals.ts), and the
   * fade-in of personal sources they are served with (absent in snapshots from before it: the
   * tuned one then).
   */
  arrivals?: { horizon: number; below: number; weights: Weights; minInteractions?: number };
  /**
   * Sources that threw while these settings were tuned (their part was missing from what was
   * judged): the next `fit()` tunes again rather than reuse them.
   */
  faulted?: string[];
  /** Positive interactions the settings were tuned on (a later fit tunes again once the data has grown by half). */
  positives: number;
  metric: ListMetric;
  k: number;
}

const number = z.number().finite();
const record = z.record(z.string(), number);

/**
 * The tuned settings as a snapshot carries them: checked on load, so a damaged or foreign
 * snapshot cannot hand the pipeline weights that are not numbers.
 */
export const tunedSettingsSchema: z.ZodType<TunedSettings> = z.object({
  sources: z.record(z.string(), record),
  halfLifeDays: number.positive().optional(),
  segments: z
    .array(z.object({ name: z.enum(['new', 'light', 'heavy', 'all']), below: number.nullable(), weights: z.record(z.string(), number.min(0)) }))
    .min(1)
    .optional(),
  lambda: number.min(0).max(1).optional(),
  maxGenreShare: number.gt(0).max(1).optional(),
  minInteractions: z.number().int().min(0).optional(),
  popularityPenalty: number.min(0).max(0.5).optional(),
  exposurePenalty: number.min(0).max(0.8).optional(),
  exposure: z.array(z.tuple([z.string(), number.min(0)])).optional(),
  arrivals: z
    .object({
      horizon: number,
      below: z.number().int().min(1),
      weights: z.record(z.string(), number.min(0)),
      minInteractions: z.number().int().min(0).optional(),
    })
    .optional(),
  faulted: z.array(z.string()).optional(),
  positives: number.min(0),
  metric: z.enum(['ndcg', 'map', 'precision', 'recall']),
  k: z.number().int().min(1),
});
