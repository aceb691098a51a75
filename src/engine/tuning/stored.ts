import { z } from 'zod';
import type { TunedSettings } from './index.js';

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
  positives: number.min(0),
  metric: z.enum(['ndcg', 'map', 'precision', 'recall']),
  k: z.number().int().min(1),
});
