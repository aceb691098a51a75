/**
 * Store-boundary guards: no store accepts a non-finite number (NaN, ±Infinity) or an invalid
 * date, wherever in its input it sits, so none can ever be stored and read back. Memory and
 * Postgres stores call the same guards, so they reject the same inputs with the same
 * ValidationError (PostgreSQL would otherwise store NaN in float columns and JSON would turn it
 * into null).
 */
import { ValidationError } from '../core/errors.js';
import type { ContentItem, TrackedEvent, UserAttributes, UserProfile } from '../core/types.js';
import type { ExperimentPatch, NewExperiment } from '../experiments/types.js';

/** Throws unless `value` is a finite number. */
export function finiteNumber(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
}

/** Throws when a number anywhere inside `value` (objects, arrays, typed arrays) is not finite. */
export function finiteDeep(value: unknown, field: string, depth = 0): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(field, 'must not contain NaN or Infinity');
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
  for (const [key, child] of Object.entries(value)) finiteDeep(child, `${field}.${key}`, depth + 1);
}

function validDate(value: unknown, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValidationError(field, 'must be a valid Date');
}

export function finiteItems(items: readonly ContentItem[]): void {
  items.forEach((item, i) => finiteDeep(item, `items[${i}]`));
}

export function finiteEvents(events: readonly TrackedEvent[]): void {
  events.forEach((e, i) => {
    finiteNumber(e?.timestamp, `events[${i}].timestamp`);
    finiteDeep(e, `events[${i}]`);
  });
}

export function finiteProfile(p: UserProfile): void {
  finiteDeep(p, 'profile');
  finiteNumber(p?.interactionCount, 'profile.interactionCount');
  validDate(p?.updatedAt, 'profile.updatedAt');
}

export function finiteAttributes(a: UserAttributes): void {
  validDate(a?.updatedAt, 'attributes.updatedAt');
}

export function finiteExperiment(input: NewExperiment | ExperimentPatch, field = 'experiment'): void {
  finiteDeep(input, field);
  if (input?.trafficAllocation !== undefined) finiteNumber(input.trafficAllocation, `${field}.trafficAllocation`);
  if ('variants' in input && Array.isArray(input.variants)) input.variants.forEach((v, i) => finiteNumber(v?.weight, `${field}.variants[${i}].weight`));
}
