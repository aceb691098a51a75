import { createHash, randomUUID } from 'node:crypto';
import { ValidationError } from './errors.js';
import { isValidTimeZone, toEpochMs } from './time.js';
import { VIEWING_EVENT_TYPES, type ContentItem, type DeviceType, type RecommendContext, type TrackedEvent, type ViewingEventType } from './types.js';

/** Longest id accepted, in UTF-16 code units. */
export const MAX_ID_LENGTH = 512;
const MAX_TEXT = 100_000;
const MAX_LABEL = 256;
const MAX_LIST = 1_000;
const DEVICES: readonly DeviceType[] = ['tv', 'mobile', 'desktop', 'tablet'];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throws unless `value` is a usable id: a non-empty string without NUL, at most 512 long. */
export function assertId(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  if (value.length === 0) throw new ValidationError(field, 'must not be empty');
  if (value.length > MAX_ID_LENGTH) throw new ValidationError(field, `must be at most ${MAX_ID_LENGTH} characters`);
  // PostgreSQL text cannot hold NUL, so an id with one could never round-trip through a store.
  if (value.includes('\u0000')) throw new ValidationError(field, 'must not contain NUL characters');
}

/** Throws unless `value` is an array of valid ids; returns it de-duplicated in order. */
export function validateIdList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new ValidationError(field, `must be an array of ids, got ${describe(value)}`);
  value.forEach((id, i) => assertId(id, `${field}[${i}]`));
  return [...new Set(value as string[])];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function assertObject(value: unknown, field: string): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new ValidationError(field, `must be an object, got ${describe(value)}`);
}

function text(value: unknown, field: string, max: number, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ValidationError(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  if (required && value.trim() === '') throw new ValidationError(field, 'must not be empty');
  if (value.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  if (value.includes('\u0000')) throw new ValidationError(field, 'must not contain NUL characters');
  return value;
}

function labels(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ValidationError(field, `must be an array of strings, got ${describe(value)}`);
  if (value.length > MAX_LIST) throw new ValidationError(field, `must have at most ${MAX_LIST} entries`);
  const out: string[] = [];
  value.forEach((v, i) => {
    const s = text(v, `${field}[${i}]`, MAX_LABEL, true)!.trim();
    if (!out.includes(s)) out.push(s);
  });
  return out;
}

function finite(value: unknown, field: string, min: number, max: number, integer = false): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(field, `must be a finite number, got ${describe(value)}`);
  }
  if (integer && !Number.isInteger(value)) throw new ValidationError(field, 'must be an integer');
  if (value < min || value > max) throw new ValidationError(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function jsonObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  assertObject(value, field);
  let json: string;
  try {
    json = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new ValidationError(field, 'must not contain NaN or Infinity');
      if (typeof v === 'string' && v.includes('\u0000')) throw new ValidationError(field, 'must not contain NUL characters');
      return v;
    });
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(field, 'must be JSON-serialisable', { cause: err });
  }
  if (json.length > 1_000_000) throw new ValidationError(field, 'must serialise to at most 1 MB of JSON');
  // A JSON round trip stores a detached copy: later mutation by the host cannot reach the store.
  return JSON.parse(json) as Record<string, unknown>;
}

/** Validates a catalogue item and returns a clean, detached copy. */
export function validateContentItem(value: unknown, field = 'item'): ContentItem {
  assertObject(value, field);
  assertId(value.id, `${field}.id`);
  const item: ContentItem = { id: value.id, title: text(value.title, `${field}.title`, 1_000, true)! };
  const description = text(value.description, `${field}.description`, MAX_TEXT, false);
  if (description !== undefined) item.description = description;
  for (const key of ['genres', 'cast', 'directors', 'themes'] as const) {
    const list = labels(value[key], `${field}.${key}`);
    if (list !== undefined) item[key] = list;
  }
  const year = finite(value.releaseYear, `${field}.releaseYear`, 1000, 9999, true);
  if (year !== undefined) item.releaseYear = year;
  const popularity = finite(value.popularity, `${field}.popularity`, 0, 1);
  if (popularity !== undefined) item.popularity = popularity;
  const runtime = finite(value.runtimeMinutes, `${field}.runtimeMinutes`, 0, 100_000);
  if (runtime !== undefined) item.runtimeMinutes = runtime;
  const metadata = jsonObject(value.metadata, `${field}.metadata`);
  if (metadata !== undefined) item.metadata = metadata;
  return item;
}

/** Validates a request or event context and returns a clean copy. */
export function validateContext(value: unknown, field = 'context'): RecommendContext | undefined {
  if (value === undefined || value === null) return undefined;
  assertObject(value, field);
  const ctx: RecommendContext = {};
  if (value.time !== undefined && value.time !== null) {
    const ms = toEpochMs(value.time as never);
    if (ms === undefined) throw new ValidationError(`${field}.time`, 'must be a valid Date, epoch milliseconds or ISO-8601 string');
    ctx.time = ms;
  }
  const timeZone = text(value.timeZone, `${field}.timeZone`, 64, false);
  if (timeZone !== undefined) {
    if (!isValidTimeZone(timeZone)) throw new ValidationError(`${field}.timeZone`, `unknown IANA time zone ${JSON.stringify(timeZone)}`);
    ctx.timeZone = timeZone;
  }
  if (value.device !== undefined && value.device !== null) {
    if (!DEVICES.includes(value.device as DeviceType)) {
      throw new ValidationError(`${field}.device`, `must be one of ${DEVICES.join(', ')}`);
    }
    ctx.device = value.device as DeviceType;
  }
  const mood = text(value.mood, `${field}.mood`, MAX_LABEL, false);
  if (mood !== undefined) ctx.mood = mood;
  const viewingWith = labels(value.viewingWith, `${field}.viewingWith`);
  if (viewingWith !== undefined) ctx.viewingWith = viewingWith;
  return ctx;
}

/** The rating scale events are validated against. */
export interface RatingScale {
  min: number;
  max: number;
}

/**
 * Validates a viewing event and normalises it for storage: timestamp to epoch ms, default
 * completion for `complete`, and an idempotency key (given, derived, or random when the event
 * has neither id nor timestamp and so cannot be recognised on retry anyway).
 */
export function validateEvent(value: unknown, field: string, scale: RatingScale, now: number): TrackedEvent {
  assertObject(value, field);
  assertId(value.userId, `${field}.userId`);
  assertId(value.contentId, `${field}.contentId`);
  if (!VIEWING_EVENT_TYPES.includes(value.type as ViewingEventType)) {
    throw new ValidationError(`${field}.type`, `must be one of ${VIEWING_EVENT_TYPES.join(', ')}`);
  }
  const type = value.type as ViewingEventType;
  const completion = finite(value.completion, `${field}.completion`, 0, 1);
  const rating = finite(value.rating, `${field}.rating`, scale.min, scale.max);
  if (type === 'rate' && rating === undefined) throw new ValidationError(`${field}.rating`, "is required for events of type 'rate'");
  if (value.rewatch !== undefined && value.rewatch !== null && typeof value.rewatch !== 'boolean') {
    throw new ValidationError(`${field}.rewatch`, `must be a boolean, got ${describe(value.rewatch)}`);
  }
  let timestamp = now;
  const hasTimestamp = value.timestamp !== undefined && value.timestamp !== null;
  if (hasTimestamp) {
    const ms = toEpochMs(value.timestamp as never);
    if (ms === undefined) throw new ValidationError(`${field}.timestamp`, 'must be a valid Date, epoch milliseconds or ISO-8601 string');
    timestamp = ms;
  }
  let id: string;
  if (value.id !== undefined && value.id !== null) {
    assertId(value.id, `${field}.id`);
    id = value.id;
  } else if (hasTimestamp) {
    id = createHash('sha256')
      .update(JSON.stringify([value.userId, value.contentId, type, timestamp]))
      .digest('hex')
      .slice(0, 32);
  } else {
    id = randomUUID();
  }
  const event: TrackedEvent = {
    id,
    userId: value.userId,
    contentId: value.contentId,
    type,
    rewatch: value.rewatch === true,
    timestamp,
  };
  const effectiveCompletion = completion ?? (type === 'complete' ? 1 : undefined);
  if (effectiveCompletion !== undefined) event.completion = effectiveCompletion;
  if (rating !== undefined) event.rating = rating;
  const context = validateContext(value.context, `${field}.context`);
  if (context !== undefined) event.context = context;
  return event;
}

/** Validates a `count` option: a whole number from 1 to `max`, or undefined for the default. */
export function validateCount(value: unknown, field: string, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  return finite(value, field, 1, max, true)!;
}

/** Validates the `events` argument of `track`: one event or a non-empty array of them. */
export function asEventArray(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new ValidationError('events', 'must not be an empty array');
    if (value.length > 1_000_000) throw new ValidationError('events', 'must have at most 1,000,000 entries per call');
    return value;
  }
  return [value];
}

/** The fields `engine.updateUserAttributes` accepts; each given field replaces the stored one. */
export interface UserAttributesUpdate {
  /** Demographic facts, e.g. `{ ageBand: '25-34', country: 'BE' }` (at most 32). */
  demographics?: Record<string, string>;
  /** Genres the user said they like. */
  preferredGenres?: string[];
}

const MAX_DEMOGRAPHICS = 32;

/** Validates a {@link UserAttributesUpdate} and returns a clean copy. */
export function validateAttributesUpdate(value: unknown, field = 'attributes'): UserAttributesUpdate {
  assertObject(value, field);
  const stray = Object.keys(value).find((k) => k !== 'demographics' && k !== 'preferredGenres');
  if (stray !== undefined) throw new ValidationError(`${field}.${stray}`, 'is not an attribute (use demographics or preferredGenres)');
  const out: UserAttributesUpdate = {};
  if (value.demographics !== undefined) {
    const where = `${field}.demographics`;
    assertObject(value.demographics, where);
    const entries = Object.entries(value.demographics);
    if (entries.length > MAX_DEMOGRAPHICS) throw new ValidationError(where, `must have at most ${MAX_DEMOGRAPHICS} entries`);
    const demographics: Record<string, string> = {};
    for (const [name, v] of entries) {
      const key = text(name, `${where} key`, MAX_LABEL, true)!.trim();
      demographics[key] = text(v, `${where}.${key}`, MAX_LABEL, true)!.trim();
    }
    out.demographics = demographics;
  }
  if (value.preferredGenres !== undefined) out.preferredGenres = labels(value.preferredGenres, `${field}.preferredGenres`) ?? [];
  return out;
}

/** Throws unless an options argument is a plain object (callers default a missing one to `{}`). */
export function assertOptions(value: unknown, field = 'options'): asserts value is Record<string, unknown> {
  assertObject(value, field);
}

/** Validates the options of a long task: `onProgress` a function, `signal` an AbortSignal. */
export function validateLongTaskOptions(value: unknown, field = 'options'): void {
  assertObject(value, field);
  if (value.onProgress !== undefined && typeof value.onProgress !== 'function') throw new ValidationError(`${field}.onProgress`, 'must be a function');
  if (value.signal !== undefined && !(value.signal instanceof AbortSignal)) throw new ValidationError(`${field}.signal`, 'must be an AbortSignal');
}
