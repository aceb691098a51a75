/**
 * Keys and lifetimes of cached recommendation lists. A list is cached per user, request shape,
 * context bucket (time-of-day band, device, mood, company) and experiment variants, and dropped
 * when the user tracks an event (the engine invalidates the user) or when its TTL runs out.
 */
import { createHash } from 'node:crypto';
import type { ViewingContext } from '../core/types.js';
import { localHourAndWeekday, toEpochMs } from '../core/time.js';
import type { ActiveVariant } from '../experiments/types.js';
import { dayPart } from '../algorithms/context/context-scores.js';

/** What makes two requests answerable by the same list. */
export interface CacheKeyInput {
  userId: string;
  count: number;
  now: number;
  context: ViewingContext | undefined;
  active: readonly ActiveVariant[];
  exclude: readonly string[];
  allow: ReadonlySet<string> | undefined;
  watched: string | undefined;
  lambda: number | undefined;
  preferredGenres: readonly string[] | undefined;
}

/** The cache key of a request (a digest, so ids of any length and content fit). */
export function responseCacheKey(input: CacheKeyInput): string {
  const ctx = input.context;
  const when = (ctx?.time === undefined ? undefined : toEpochMs(ctx.time)) ?? input.now;
  const shape = {
    u: input.userId,
    c: input.count,
    t: dayPart(localHourAndWeekday(when, ctx?.timeZone).hour),
    d: ctx?.device ?? null,
    m: ctx?.mood ?? null,
    w: ctx?.viewingWith ? [...ctx.viewingWith].sort() : null,
    v: input.active.map((a) => a.variant.id),
    x: [...input.exclude].sort(),
    a: input.allow ? [...input.allow].sort() : null,
    f: input.watched ?? null,
    l: input.lambda ?? null,
    p: input.preferredGenres ? [...input.preferredGenres].map((g) => g.toLowerCase()).sort() : null,
  };
  return `sona:rec:${createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 40)}`;
}
