/**
 * The field types the public boundary's schemas are built from: labels, times, JSON metadata,
 * each checked in one step and copied, so what passes can be stored as it is.
 */
import { z } from 'zod';
import type { DeviceType } from '../core/types.js';
import { isPlainObject, storableText, textProblem } from '../core/schema.js';
import { toEpochMs } from '../core/time.js';

/** Longest label (genre, cast member, company, mood). */
export const MAX_LABEL = 256;
/** Most labels in one list. */
export const MAX_LIST = 1_000;
/** The devices a context may name. */
export const DEVICES = ['tv', 'mobile', 'desktop', 'tablet'] as const satisfies readonly DeviceType[];

/** A short label (genre, cast member, company), trimmed and non-empty. */
export const label = z.string().transform((s, ctx) => {
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
export const labels = z
  .array(label)
  .max(MAX_LIST)
  .transform((list) => [...new Set(list)]);

/** A Date, epoch milliseconds or an ISO-8601 string, as epoch milliseconds. */
export const time = z.union([z.date(), z.number(), z.string()]).transform((value, ctx) => {
  const ms = toEpochMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid Date, epoch milliseconds or ISO-8601 string' });
    return z.NEVER;
  }
  return ms;
});

/** A JSON object with finite numbers and storable strings, at most 1 MB serialised, copied. */
export const jsonObject = z.custom<Record<string, unknown>>(isPlainObject, 'must be a plain object').transform((value, ctx) => {
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

/** Drops undefined fields, so stored records carry only what was given. */
export function clean<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
