/**
 * The one validation boundary for records: catalogue items, events, contexts and user
 * attributes are parsed here, once, by a zod schema, and the TypeScript input types are inferred
 * from the same schemas (the verbs' options are in option-inputs.ts, the field types in
 * input-fields.ts). A problem becomes a ValidationError naming the field; what passes is a
 * clean, detached copy.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { VIEWING_EVENT_TYPES, type ContentItem, type TrackedEvent, type UserAttributes } from '../core/types.js';
import { ValidationError } from '../core/errors.js';
import { idSchema, optional, parseInput, text } from '../core/schema.js';
import { isValidTimeZone } from '../core/time.js';
import { clean, DEVICES, jsonObject, label, labels, MAX_LABEL, time } from './input-fields.js';

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
      /** When it happened (default: now); at most a day after the engine's clock. */
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
 * How far ahead of the engine's clock an event may be stamped: clocks of devices and servers
 * disagree by minutes to hours. Later ones are refused: time-decayed counts weigh an event by
 * 2^(age / half-life), so one event stamped years ahead (a device's wrong clock) would outweigh
 * every real one in trending, for every user and on every instance, for good.
 */
export const FUTURE_TOLERANCE_MS = 86_400_000;

/**
 * Validated events, normalised for storage: epoch-ms timestamps, completion 1 for `complete`,
 * and an idempotency key (given, derived, or random when nothing could recognise a retry).
 * `now` is the engine's clock: no event may be stamped more than FUTURE_TOLERANCE_MS after it.
 */
export function parseEvents(events: unknown, scale: { min: number; max: number }, now: number): TrackedEvent[] {
  const single = !Array.isArray(events);
  const list = single ? [events] : (events as unknown[]);
  parseInput(z.array(z.unknown()).min(1).max(1_000_000), list, 'events');
  const schema = viewingEventSchema(scale);
  return list.map((raw, i) => {
    const field = single ? 'event' : `events[${i}]`;
    const e = parseInput(schema, raw, field);
    const timestamp = e.timestamp ?? now;
    if (timestamp > now + FUTURE_TOLERANCE_MS) {
      throw new ValidationError(
        `${field}.timestamp`,
        `is more than a day after the engine's clock (${new Date(now).toISOString()}); events cannot happen in the future`,
      );
    }
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
