/**
 * The checks of each store port method that needs more than one, written once and called by
 * every implementation (memory, Postgres), so they all reject the same inputs with the same
 * ValidationError: types first, then what could not be stored and read back (checks.ts).
 */
import { ValidationError } from '../core/errors.js';
import { isPlainObject } from '../core/schema.js';
import type { ContentItem, TrackedEvent, UserAttributes, UserProfile } from '../core/types.js';
import type { ExperimentPatch, NewExperiment } from '../experiments/types.js';
import { bytes, finiteNumber, optionalObject, record, records, storableDeep, text, texts, validDate } from './checks.js';

export function checkUpsertItems(items: readonly ContentItem[]): void {
  records(items, 'items', ['id']);
  items.forEach((item, i) => {
    // Metadata is stored as a JSON object: a Date or an array would read back as something else.
    if (item.metadata !== undefined && !isPlainObject(item.metadata)) throw new ValidationError(`items[${i}].metadata`, 'must be a plain object');
    storableDeep(item, `items[${i}]`);
  });
}

export function checkAppendEvents(events: readonly TrackedEvent[]): void {
  records(events, 'events', ['id', 'userId', 'contentId']);
  events.forEach((e, i) => {
    finiteNumber(e.timestamp, `events[${i}].timestamp`);
    storableDeep(e, `events[${i}]`);
  });
}

export function checkListByUser(userId: string, options: unknown): void {
  text(userId, 'userId');
  optionalObject(options, 'options');
}

/** A profile with the shapes the stores read, finite throughout. */
export function checkProfile(profile: UserProfile): void {
  record(profile, 'profile', ['userId']);
  if (!(profile.preferenceVector instanceof Float32Array)) throw new ValidationError('profile.preferenceVector', 'must be a Float32Array');
  record(profile.genreAffinities, 'profile.genreAffinities');
  record(profile.temporalPatterns, 'profile.temporalPatterns');
  const t = profile.temporalPatterns;
  if (!Array.isArray(t.hourly) || !Array.isArray(t.weekday)) throw new ValidationError('profile.temporalPatterns', 'must hold hourly and weekday arrays');
  storableDeep(profile, 'profile');
  finiteNumber(profile.interactionCount, 'profile.interactionCount');
  validDate(profile.updatedAt, 'profile.updatedAt');
}

export function checkAttributes(attributes: UserAttributes): void {
  record(attributes, 'attributes', ['userId']);
  record(attributes.demographics, 'attributes.demographics');
  texts(attributes.preferredGenres, 'attributes.preferredGenres');
  storableDeep(attributes, 'attributes');
  validDate(attributes.updatedAt, 'attributes.updatedAt');
}

export function checkNewExperiment(input: NewExperiment): void {
  record(input, 'experiment', ['name']);
  records(input.variants, 'experiment.variants', ['name']);
  checkExperimentNumbers(input, 'experiment');
}

function checkExperimentNumbers(input: NewExperiment | ExperimentPatch, field: string): void {
  storableDeep(input, field);
  if (input.trafficAllocation !== undefined) finiteNumber(input.trafficAllocation, `${field}.trafficAllocation`);
  if ('variants' in input && Array.isArray(input.variants)) input.variants.forEach((v, i) => finiteNumber(v?.weight, `${field}.variants[${i}].weight`));
}

export function checkExperimentUpdate(id: string, patch: ExperimentPatch): void {
  text(id, 'id');
  record(patch, 'patch');
  checkExperimentNumbers(patch, 'patch');
}

export function checkExperimentUser(experimentId: string, userId: string): void {
  text(experimentId, 'experimentId');
  text(userId, 'userId');
}

/** Assignments, exposures and conversions name an experiment, a user and a variant. */
export function checkAssignment(experimentId: string, userId: string, variantId: string): void {
  checkExperimentUser(experimentId, userId);
  text(variantId, 'variantId');
}

export function checkExposure(experimentId: string, userId: string, variantId: string, context: unknown): void {
  checkAssignment(experimentId, userId, variantId);
  optionalObject(context, 'context');
  storableDeep(context, 'context');
}

export function checkConversion(experimentId: string, userId: string, variantId: string, metric: string, value: number, metadata: unknown): void {
  checkAssignment(experimentId, userId, variantId);
  text(metric, 'metric');
  finiteNumber(value, 'value');
  optionalObject(metadata, 'metadata');
  storableDeep(metadata, 'metadata');
}

/** A model snapshot's name and version (`required`: get; optional: delete). */
export function checkModelVersion(name: string, version: number | undefined, required: boolean): void {
  text(name, 'name');
  if (required || version !== undefined) finiteNumber(version, 'version');
}

export function checkModelSave(name: string, data: Uint8Array, metadata: unknown): void {
  text(name, 'name');
  bytes(data, 'data');
  optionalObject(metadata, 'metadata');
  storableDeep(metadata, 'metadata');
}

/** An adapter's user, name and, when `required` or given, version. */
export function checkAdapterVersion(userId: string, adapterName: string, version?: number, required = false): void {
  text(userId, 'userId');
  text(adapterName, 'adapterName');
  if (required || version !== undefined) finiteNumber(version, 'version');
}

export function checkAdapterSave(userId: string, adapterName: string, data: Uint8Array, trainingIterations: number): void {
  checkAdapterVersion(userId, adapterName);
  bytes(data, 'data');
  finiteNumber(trainingIterations, 'trainingIterations');
}

export function checkCacheSet(key: string, userId: string, value: unknown, ttlSeconds: number): void {
  text(key, 'key');
  text(userId, 'userId');
  finiteNumber(ttlSeconds, 'ttlSeconds');
  storableDeep(value, 'value');
}
