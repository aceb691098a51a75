/**
 * The one validation boundary: every public verb's input is parsed here, once, by a zod schema,
 * and the TypeScript input types are inferred from the same schemas. A problem becomes a
 * ValidationError naming the field; what passes is a clean, detached copy.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { VIEWING_EVENT_TYPES, type ContentItem, type DeviceType, type TrackedEvent, type UserAttributes } from '../core/types.js';
import { idListSchema, idSchema, isPlainObject, optional, parseInput, storableText, text, textProblem } from '../core/schema.js';
import { isValidTimeZone, toEpochMs } from '../core/time.js';

const MAX_LABEL = 256;
const MAX_LIST = 1_000;
const DEVICES = ['tv', 'mobile', 'desktop', 'tablet'] as const satisfies readonly DeviceType[];

/** A short label (genre, cast member, company), trimmed and non-empty. */
const label = z.string().transform((s, ctx) => {
  // One step, not text() then a trim then a refinement: zod's chained steps cost about 2 µs
  // per label, which was a tenth of upserting a large catalogue. Same checks, same order.
  const problem = textProblem(s, MAX_LABEL);
  const trimmed = problem ? '' : s.trim();
  if (problem || trimmed.length === 0) {
    ctx.addIssue({ code: 'custom', message: problem ?? 'must not be empty' });
    return z.NEVER;
  }
  return trimmed;
});
/** Labels, de-duplicated in order. */
const labels = z
  .array(label)
  .max(MAX_LIST)
  .transform((list) => [...new Set(list)]);

/** A Date, epoch milliseconds or an ISO-8601 string, as epoch milliseconds. */
const time = z.union([z.date(), z.number(), z.string()]).transform((value, ctx) => {
  const ms = toEpochMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid Date, epoch milliseconds or ISO-8601 string' });
    return z.NEVER;
  }
  return ms;
});

/** A JSON object with finite numbers and storable strings, at most 1 MB serialised, copied. */
const jsonObject = z.custom<Record<string, unknown>>(isPlainObject, 'must be a plain object').transform((value, ctx) => {
  let json: string;
  try {
    json = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('must not contain NaN or Infinity');
      if (typeof v === 'string') {
        const problem = storableText(v);
        if (problem) throw new TypeError(problem);
      }
      return v;
    });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof TypeError ? error.message : 'must be JSON-serialisable' });
    return z.NEVER;
  }
  if (json.length > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: 'must serialise to at most 1 MB of JSON' });
    return z.NEVER;
  }
  // Keys are data too: a NUL or lone surrogate in a key cannot be stored either.
  let bad: string | undefined;
  const parsed = JSON.parse(json, (key, v: unknown) => {
    const problem = key === '' ? undefined : storableText(key);
    if (problem) bad ??= `key ${JSON.stringify(key)} ${problem}`;
    return v;
  }) as Record<string, unknown>;
  if (bad) {
    ctx.addIssue({ code: 'custom', message: bad });
    return z.NEVER;
  }
  return parsed;
});

/** A catalogue item as a host gives it. Unknown fields are dropped. */
export const contentItemSchema = z.object({
  /** The host's id (non-empty, at most 512 characters). */
  id: idSchema,
  title: text(1_000).refine((s) => s.trim() !== '', { message: 'must not be empty' }),
  description: optional(text(100_000)),
  genres: optional(labels),
  cast: optional(labels),
  directors: optional(labels),
  themes: optional(labels),
  releaseYear: optional(z.number().int().min(1000).max(9999)),
  /** Host-side popularity in [0, 1]; used as a prior before any events are seen. */
  popularity: optional(z.number().min(0).max(1)),
  /** Running time, used by device-aware scoring. */
  runtimeMinutes: optional(z.number().min(0).max(100_000)),
  /** Anything else the host keeps with the item (JSON-serialisable). */
  metadata: optional(jsonObject),
});

/** The situation a request or event happens in. Every field is optional. */
export const contextSchema = z.object({
  /** The moment to recommend for (default: now). */
  time: optional(time),
  /** IANA time zone of the viewer, e.g. `Europe/Brussels` (default UTC). */
  timeZone: optional(text(64).refine(isValidTimeZone, { message: 'is not a known IANA time zone' })),
  device: optional(z.enum(DEVICES)),
  /** Free-text mood such as `happy`, `relaxed`, `excited`. */
  mood: optional(text(MAX_LABEL)),
  /** Who is watching along, e.g. `['family']`. */
  viewingWith: optional(labels),
});

/** A viewing event as a host reports it; `rating` is checked against the engine's scale. */
export function viewingEventSchema(scale: { min: number; max: number }) {
  return z
    .object({
      /** Idempotency key; when omitted and a timestamp is given, derived from user, content, type and timestamp. */
      id: optional(idSchema),
      userId: idSchema,
      contentId: idSchema,
      type: z.enum(VIEWING_EVENT_TYPES),
      /** Share of the item watched, 0..1. */
      completion: optional(z.number().min(0).max(1)),
      /** Rating on the engine's `ratingScale`. Required for `rate`. */
      rating: optional(z.number().min(scale.min).max(scale.max)),
      /** The user had already seen this item before. */
      rewatch: optional(z.boolean()),
      /** When it happened (default: now). */
      timestamp: optional(time),
      context: optional(contextSchema),
    })
    .superRefine((e, ctx) => {
      if (e.type === 'rate' && e.rating === undefined) ctx.addIssue({ code: 'custom', path: ['rating'], message: "is required for events of type 'rate'" });
    });
}

/** A viewing event as `track` takes it. */
export type ViewingEvent = z.input<ReturnType<typeof viewingEventSchema>>;
/** A catalogue item as `upsertContent` takes it. */
export type ContentInput = z.input<typeof contentItemSchema>;
/** A request context as `recommend` takes it. */
export type RecommendContext = z.input<typeof contextSchema>;
/** A validated context: time in epoch milliseconds. */
export type ValidContext = z.output<typeof contextSchema>;

/** Validated catalogue items: the `ContentItem` the stores keep. */
export function parseContent(items: unknown): ContentItem[] {
  const single = !Array.isArray(items);
  const list = single ? [items] : (items as unknown[]);
  if (list.length === 0) parseInput(z.array(z.unknown()).min(1), list, 'items');
  return list.map((item, i) => clean(parseInput(contentItemSchema, item, single ? 'item' : `items[${i}]`)) as ContentItem);
}

/**
 * Validated events, normalised for storage: epoch-ms timestamps, completion 1 for `complete`,
 * and an idempotency key (given, derived, or random when nothing could recognise a retry).
 */
export function parseEvents(events: unknown, scale: { min: number; max: number }, now: number): TrackedEvent[] {
  const single = !Array.isArray(events);
  const list = single ? [events] : (events as unknown[]);
  parseInput(z.array(z.unknown()).min(1).max(1_000_000), list, 'events');
  const schema = viewingEventSchema(scale);
  return list.map((raw, i) => {
    const e = parseInput(schema, raw, single ? 'event' : `events[${i}]`);
    const timestamp = e.timestamp ?? now;
    const id =
      e.id ??
      (e.timestamp !== undefined
        ? createHash('sha256')
            .update(JSON.stringify([e.userId, e.contentId, e.type, timestamp]))
            .digest('hex')
            .slice(0, 32)
        : randomUUID());
    const completion = e.completion ?? (e.type === 'complete' ? 1 : undefined);
    const context = e.context && clean(e.context);
    return clean({
      id,
      userId: e.userId,
      contentId: e.contentId,
      type: e.type,
      rewatch: e.rewatch === true,
      timestamp,
      completion,
      rating: e.rating,
      context,
    }) as TrackedEvent;
  });
}

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

/**
 * Demographic facts as a prototype-free record: keys come from data, so `__proto__` or
 * `constructor` must stay ordinary keys.
 */
const demographics = z
  .custom<Record<string, string>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'must be an object')
  .transform((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length > 32) {
      ctx.addIssue({ code: 'custom', message: 'must have at most 32 entries' });
      return z.NEVER;
    }
    const out = Object.create(null) as Record<string, string>;
    for (const key of keys) {
      const name = label.safeParse(key);
      const fact = label.safeParse((value as Record<string, unknown>)[key]);
      if (!name.success || !fact.success) {
        ctx.addIssue({ code: 'custom', path: [key], message: name.success ? 'must be a non-empty string of at most 256 characters' : 'has an invalid key' });
        return z.NEVER;
      }
      out[name.data] = fact.data;
    }
    return out;
  });

/** What `updateUserAttributes` takes; each given field replaces the stored one. Unknown keys are refused. */
export const attributesUpdateSchema = z
  .object({
    /** Demographic facts, e.g. `{ ageBand: '25-34', country: 'BE' }` (at most 32). */
    demographics: optional(demographics),
    /** Genres the user said they like. */
    preferredGenres: optional(labels),
  })
  .strict();

/** The fields `updateUserAttributes` accepts. */
export type UserAttributesUpdate = z.input<typeof attributesUpdateSchema>;

/** A validated attributes update. */
export interface AttributesUpdate {
  demographics?: UserAttributes['demographics'];
  preferredGenres?: string[];
}

/** Validates an attributes update. */
export function parseAttributesUpdate(value: unknown): AttributesUpdate {
  const parsed = parseInput(attributesUpdateSchema, value, 'attributes');
  const out: AttributesUpdate = {};
  if (parsed.demographics) out.demographics = parsed.demographics;
  if (parsed.preferredGenres) out.preferredGenres = parsed.preferredGenres;
  return out;
}

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

/** Drops undefined fields, so stored records carry only what was given. */
function clean<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
