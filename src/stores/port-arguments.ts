/**
 * The argument checks of each store port method that needs more than one, written once and
 * called by every implementation (memory, Postgres), so they all reject the same inputs with
 * the same ValidationError: types first (`arguments.ts`), then finiteness (`finite.ts`).
 */
import type { ContentItem, TrackedEvent, UserAttributes, UserProfile } from '../core/types.js';
import { attributesShape, bytes, experimentShape, optionalObject, profileShape, record, records, text } from './arguments.js';
import { finiteAttributes, finiteDeep, finiteEvents, finiteExperiment, finiteItems, finiteNumber, finiteProfile } from './finite.js';
import type { ExperimentPatch, NewExperiment } from '../experiments/types.js';

export function checkUpsertItems(items: readonly ContentItem[]): void {
  records(items, 'items', ['id']);
  finiteItems(items);
}

export function checkAppendEvents(events: readonly TrackedEvent[]): void {
  records(events, 'events', ['id', 'userId', 'contentId']);
  finiteEvents(events);
}

export function checkListByUser(userId: string, options: unknown): void {
  text(userId, 'userId');
  optionalObject(options, 'options');
}

export function checkProfile(profile: UserProfile): void {
  profileShape(profile, 'profile');
  finiteProfile(profile);
}

export function checkAttributes(attributes: UserAttributes): void {
  attributesShape(attributes, 'attributes');
  finiteAttributes(attributes);
}

export function checkNewExperiment(input: NewExperiment): void {
  experimentShape(input, 'experiment');
  finiteExperiment(input);
}

export function checkExperimentUpdate(id: string, patch: ExperimentPatch): void {
  text(id, 'id');
  record(patch, 'patch');
  finiteExperiment(patch, 'patch');
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
  finiteDeep(context, 'context');
}

export function checkConversion(experimentId: string, userId: string, variantId: string, metric: string, value: number, metadata: unknown): void {
  checkAssignment(experimentId, userId, variantId);
  text(metric, 'metric');
  finiteNumber(value, 'value');
  optionalObject(metadata, 'metadata');
  finiteDeep(metadata, 'metadata');
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
  finiteDeep(metadata, 'metadata');
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
  finiteDeep(value, 'value');
}
