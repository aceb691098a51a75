/**
 * What protects storage, written once and called by every backend (memory, PostgreSQL,
 * pgvector, Qdrant) so they all refuse the same inputs with the same ValidationError: the right
 * JavaScript types at the boundary, strings every backend can keep verbatim (no NUL, no lone
 * surrogate: PostgreSQL would refuse the first and silently replace the second), finite numbers
 * and valid dates anywhere inside a record, and vectors of the store's dimension.
 */
import { DimensionMismatchError, ValidationError } from '../core/errors.js';
import { storableText } from '../core/schema.js';
import { isFiniteVector } from '../core/vector.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string a backend can keep verbatim (ids, names, keys). */
export function text(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  const problem = storableText(value);
  if (problem) throw new ValidationError(field, problem);
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

/** Throws unless `value` is a finite number. */
export function finiteNumber(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
}

export function validDate(value: unknown, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValidationError(field, 'must be a valid Date');
}

/**
 * Throws when anything inside `value` (objects, arrays, typed arrays) could not be stored and
 * read back as it was: a non-finite number, an invalid date, or a string or key with NUL or a
 * lone surrogate.
 */
export function storableDeep(value: unknown, field: string, depth = 0): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(field, 'must not contain NaN or Infinity');
    return;
  }
  if (typeof value === 'string') {
    const problem = storableText(value);
    if (problem) throw new ValidationError(field, problem);
    return;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(field, 'must not contain an invalid date');
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth > 64) throw new ValidationError(field, 'is nested too deeply');
  if (ArrayBuffer.isView(value)) {
    if (value instanceof Float32Array || value instanceof Float64Array) {
      for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i]!)) throw new ValidationError(`${field}[${i}]`, 'must be a finite number');
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const problem = storableText(key);
    if (problem) throw new ValidationError(`${field} key`, problem);
    storableDeep((value as Record<string, unknown>)[key], `${field}.${key}`, depth + 1);
  }
}

/** A vector query's options: `k` a number, `ids` and `excludeIds` string arrays when given. */
export function vectorQuery(value: unknown, field: string): void {
  record(value, field);
  const q = value as Record<string, unknown>;
  if (typeof q.k !== 'number' || Number.isNaN(q.k)) throw new ValidationError(`${field}.k`, 'must be a number');
  if (q.ids !== undefined) texts(q.ids, `${field}.ids`);
  if (q.excludeIds !== undefined) texts(q.excludeIds, `${field}.excludeIds`);
}

/** A finite Float32Array of the store's dimension. */
export function checkVector(vector: unknown, dimension: number, field: string): asserts vector is Float32Array {
  if (!(vector instanceof Float32Array)) throw new ValidationError(field, 'must be a Float32Array');
  if (vector.length !== dimension) throw new DimensionMismatchError(field, dimension, vector.length);
  if (!isFiniteVector(vector)) throw new ValidationError(field, 'must not contain NaN or Infinity');
}

/** Vector records: ids, vectors of the store's dimension, string fingerprints. */
export function checkVectorRecords(records_: unknown, dimension: number): void {
  records(records_, 'records', ['id']);
  (records_ as Array<Record<string, unknown>>).forEach((r, i) => {
    checkVector(r.vector, dimension, `records[${i}].vector`);
    if (r.fingerprint !== undefined) text(r.fingerprint, `records[${i}].fingerprint`);
  });
}
