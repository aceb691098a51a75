/**
 * Store-boundary argument checks: a store called with the wrong JavaScript type (null, a number
 * or an object where an id belongs) throws a ValidationError naming the parameter, instead of a
 * TypeError from deep inside. The engine validates before it calls a store; these guard hosts
 * that call stores directly. Memory and Postgres stores share them.
 */
import { ValidationError } from '../core/errors.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string (ids, names, keys; their content is the store's business). */
export function text(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
}

export function texts(value: unknown, field: string): void {
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array of strings');
  value.forEach((v, i) => text(v, `${field}[${i}]`));
}

export function bytes(value: unknown, field: string): void {
  if (!(value instanceof Uint8Array)) throw new ValidationError(field, 'must be a Uint8Array');
}

/** An optional options or metadata object. */
export function optionalObject(value: unknown, field: string): void {
  if (value !== undefined && !isObject(value)) throw new ValidationError(field, 'must be an object');
}

/** An object whose listed fields are strings. */
export function record(value: unknown, field: string, strings: readonly string[] = []): void {
  if (!isObject(value)) throw new ValidationError(field, 'must be an object');
  for (const key of strings) text(value[key], `${field}.${key}`);
}

/** An array of objects whose listed fields are strings. */
export function records(value: unknown, field: string, strings: readonly string[] = []): void {
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array');
  value.forEach((v, i) => record(v, `${field}[${i}]`, strings));
}

/** A profile with the shapes the stores read. */
export function profileShape(value: unknown, field: string): void {
  record(value, field, ['userId']);
  const p = value as Record<string, unknown>;
  if (!(p.preferenceVector instanceof Float32Array)) throw new ValidationError(`${field}.preferenceVector`, 'must be a Float32Array');
  record(p.genreAffinities, `${field}.genreAffinities`);
  record(p.temporalPatterns, `${field}.temporalPatterns`);
  const t = p.temporalPatterns as Record<string, unknown>;
  if (!Array.isArray(t.hourly) || !Array.isArray(t.weekday)) throw new ValidationError(`${field}.temporalPatterns`, 'must hold hourly and weekday arrays');
}

export function attributesShape(value: unknown, field: string): void {
  record(value, field, ['userId']);
  const a = value as Record<string, unknown>;
  record(a.demographics, `${field}.demographics`);
  texts(a.preferredGenres, `${field}.preferredGenres`);
}

export function experimentShape(value: unknown, field: string): void {
  record(value, field, ['name']);
  records((value as Record<string, unknown>).variants, `${field}.variants`, ['name']);
}

/** A vector query's options: `k` a finite number, `ids` and `excludeIds` string arrays when given. */
export function vectorQuery(value: unknown, field: string): void {
  record(value, field);
  const q = value as Record<string, unknown>;
  if (typeof q.k !== 'number' || Number.isNaN(q.k)) throw new ValidationError(`${field}.k`, 'must be a number');
  if (q.ids !== undefined) texts(q.ids, `${field}.ids`);
  if (q.excludeIds !== undefined) texts(q.excludeIds, `${field}.excludeIds`);
}

/** {@link records} under a name that does not clash with a `records` parameter. */
export const recordArray = records;
