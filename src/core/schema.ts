/**
 * The building blocks of input validation: zod schemas for ids, labels and JSON, and the one
 * function that turns zod's first issue into a ValidationError naming the field
 * (`events[3].completion`). The public verbs' schemas are in engine/inputs.ts.
 */
import { z } from 'zod';
import { ValidationError } from './errors.js';

/** Longest id accepted, in Unicode code points. */
export const MAX_ID_LENGTH = 512;

/** Code points in `s` (a UTF-16 surrogate pair counts once). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Text every store can keep verbatim: no NUL (PostgreSQL text cannot hold one) and no lone
 * UTF-16 surrogate (PostgreSQL would store U+FFFD, merging distinct strings).
 */
export function storableText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (!s.isWellFormed()) return 'must not contain lone UTF-16 surrogates';
  return undefined;
}

/** What keeps `s` from being stored as text of at most `max` code points, if anything. */
export function textProblem(s: string, max: number): string | undefined {
  return storableText(s) ?? (s.length > max && codePoints(s) > max ? `must be at most ${max} characters` : undefined);
}

/** A string a store can keep verbatim, at most `max` code points. */
export function text(max: number) {
  return z.string().superRefine((s, ctx) => {
    const problem = textProblem(s, max);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A host id: a non-empty storable string of at most 512 code points. */
export const idSchema = text(MAX_ID_LENGTH).refine((s) => s.length > 0, { message: 'must not be empty' });

/** Ids, de-duplicated in order. */
export const idListSchema = z.array(idSchema).transform((ids) => [...new Set(ids)]);

/** Optional field: `null` and `undefined` both mean absent. */
export function optional<S extends z.ZodType>(schema: S) {
  return schema.nullish().transform((v) => (v === null ? undefined : v)) as unknown as z.ZodOptional<S>;
}

/** An object literal (not an array, a Date, a Map or a class instance), as JSON round-trips it. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Describes a value's type for a message: `null`, `an array`, `NaN`, `string`, ... */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A field path as hosts write it: `events[3].context.device`. */
export function fieldPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out || '(input)';
}

/** A plain-language message for one zod issue. */
function message(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int'
        ? `must be a finite number, got ${describe(issue.input)}`
        : `must be ${issue.expected === 'array' ? 'an array' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, got ${describe(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string' ? `must have at least ${issue.minimum} entries` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `must have at most ${issue.maximum} entries` : `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a known option';
    case 'invalid_union':
      return 'is not a valid value';
    default:
      return issue.message;
  }
}

/**
 * For a value no branch of a union accepts, the issue of the branch that got furthest (the one
 * for the value's own type), with its path under the union's: `tune.budgetSeconds`, not `tune`.
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const branches = issue.errors.filter((b) => b.length > 0);
  const matching = branches.find((b) => !(b[0]!.code === 'invalid_type' && b[0]!.path.length === 0)) ?? branches[0];
  if (!matching) return issue;
  const inner = deepest(matching[0]!);
  return { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue;
}

/**
 * Parses `value` with `schema`, or throws a ValidationError naming the first offending field
 * under `prefix` (an unknown key is named itself: `options.cnt`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(value);
  } catch (error) {
    // The caller's own getters or Proxy traps threw while the input was read.
    throw new ValidationError(prefix || '(input)', `could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (result.success) return result.data;
  const issue = deepest(result.error.issues[0]!);
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  throw new ValidationError(fieldPath(prefix, path), message(issue), { cause: result.error });
}
