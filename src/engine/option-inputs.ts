/**
 * The options of the public verbs (`recommend`, `similarItems`, `explain`, `fit`,
 * `embedCatalog`), parsed once at the boundary like the records in inputs.ts. Unknown keys are
 * refused, so a misspelt option fails loudly instead of being ignored.
 */
import { z } from 'zod';
import type { ContentItem } from '../core/types.js';
import { idListSchema, optional } from '../core/schema.js';
import { contextSchema } from './inputs.js';

/** Options of `recommend` and `recommendDetailed`. Unknown keys are refused. */
export function recommendOptionsSchema(maxCount: number) {
  return z
    .object({
      /** How many items to return (default 10, at most `recommend.maxCount`). */
      count: optional(z.number().int().min(1).max(maxCount)),
      context: optional(contextSchema),
      /** Item ids never to return in this response. */
      exclude: optional(idListSchema),
      /** Only these item ids may be returned (availability, a shelf's pool); scored even when no source proposed them. */
      allow: optional(idListSchema),
      /** Only items for which this returns true, applied before the list is cut. */
      filter: optional(z.custom<(item: ContentItem) => boolean>((f) => typeof f === 'function', 'must be a function (item) => boolean')),
      /** Overrides `filters.watched` for this request. */
      excludeWatched: optional(z.enum(['any', 'completed', 'none'])),
      /** Overrides `diversity.lambda` for this request (1 turns re-ranking for variety off). */
      diversity: optional(z.number().min(0).max(1)),
      /** Genres the user said they like; proposed while the user has little history. */
      preferredGenres: optional(idListSchema),
    })
    .strict();
}

/** Options of `recommend`. */
export type RecommendOptions = z.input<ReturnType<typeof recommendOptionsSchema>>;

/** Options of `similarItems`. */
export function similarItemsOptionsSchema(maxCount: number) {
  return z.object({ count: optional(z.number().int().min(1).max(maxCount)), exclude: optional(idListSchema) }).strict();
}

/** Options of `similarItems`. */
export type SimilarItemsOptions = z.input<ReturnType<typeof similarItemsOptionsSchema>>;

/** Options of `explain`. */
export const explainOptionsSchema = z.object({ count: optional(z.number().int().min(1).max(100)) }).strict();

/** Options of long work (`fit`, `embedCatalog`): progress and cancellation. */
export const longTaskShape = {
  onProgress: optional(z.custom<(progress: { stage: string; done: number; total: number }) => void>((f) => typeof f === 'function', 'must be a function')),
  signal: optional(z.custom<AbortSignal>((s) => s instanceof AbortSignal, 'must be an AbortSignal')),
};

/** How `fit()` tunes, when given as an object (docs/tuning.md). */
export const tuneOptionsSchema = z
  .object({
    /** Seconds the search may take; the final fit comes on top. @default 40 */
    budgetSeconds: optional(z.number().positive().max(86_400)),
    /** The validation metric maximised. @default 'ndcg' */
    metric: optional(z.enum(['ndcg', 'map', 'precision', 'recall'])),
    /** List length the metric is taken at. @default 10 */
    k: optional(z.number().int().min(1).max(1000)),
    /**
     * `item`: hold out a share of each item's positives, as `sona evaluate`'s default split
     * (stratified by item) does; `random`: any of a user's positives; `time`: their latest ones.
     * @default 'item'
     */
    validation: optional(z.enum(['item', 'random', 'time'])),
    /** Share of each validation user's positive items held out. @default 0.2 */
    holdout: optional(z.number().gt(0).lt(1)),
    /** Seed of the validation split. @default 42 */
    seed: optional(z.number().int()),
    /** Validation users at most (a seeded sample). @default 5000 */
    maxUsers: optional(z.number().int().min(10).max(1_000_000)),
    /**
     * Relative validation cost accepted against the most accurate setting for lists that reach
     * more of the catalogue (blend weights) and vary more (MMR λ, genre cap); 0 keeps the most
     * accurate setting. @default 0.02
     */
    varietyCost: optional(z.number().min(0).max(0.5)),
    /** Ends the search early; the best settings found so far are used and the fit goes on. */
    signal: optional(z.custom<AbortSignal>((s) => s instanceof AbortSignal, 'must be an AbortSignal')),
  })
  .strict();

/** Options of `fit`. */
export const fitOptionsSchema = z
  .object({
    ...longTaskShape,
    /**
     * `true`: tune now; `false`: do not (reuse what was tuned before, if anything); an object:
     * tune now with these options. By default the first fit with enough data tunes, and later
     * ones tune again once the positive interactions have grown by half.
     */
    tune: optional(z.union([z.boolean(), tuneOptionsSchema])),
  })
  .strict();

/** Options of `fit`. */
export type FitOptions = z.input<typeof fitOptionsSchema>;

/** Options of `embedCatalog`. */
export const embedCatalogOptionsSchema = z
  .object({
    ...longTaskShape,
    /** Items per embedder call (default 64). */
    batchSize: optional(z.number().int().min(1).max(100_000)),
    /** Re-embed every item even when its stored vector is current. */
    force: optional(z.boolean()),
  })
  .strict();
