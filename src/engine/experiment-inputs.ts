/**
 * The experiments service's inputs, checked at the boundary with the field named: a new
 * experiment, a variant's config (again when read back from a store, which another writer may
 * have filled), and the options of `results`.
 */
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { idSchema, parseInput } from '../core/schema.js';
import type { Experiment, ExperimentInput, ExperimentNamespace, NewExperiment, Variant, VariantConfig } from '../experiments/types.js';

/** Options of `results`. */
export const resultsOptionsSchema = z
  .object({
    metric: z.string().min(1).max(256).optional(),
    confidence: z.number().gt(0).lt(1).optional(),
  })
  .strict();

/** What a variant may change in a request. */
const variantConfigSchema = z
  .object({
    weights: z.record(z.string().min(1), z.number().min(0).max(100)).optional(),
    sources: z.array(z.string().min(1)).optional(),
    count: z.number().int().min(1).max(1000).optional(),
    diversity: z.number().min(0).max(1).optional(),
  })
  .strict();

/** Validates a new experiment, naming the field at fault, and gives what the repository stores. */
export function parseExperimentInput(input: ExperimentInput): NewExperiment {
  if (typeof input !== 'object' || input === null) throw new ValidationError('experiment', 'must be an object');
  parseInput(idSchema, input.name, 'experiment.name');
  if (input.description !== undefined && typeof input.description !== 'string') throw new ValidationError('experiment.description', 'must be a string');
  const trafficAllocation = input.trafficAllocation ?? 1;
  checkUnit(trafficAllocation, 'experiment.trafficAllocation');
  if (input.seed !== undefined) parseInput(idSchema, input.seed, 'experiment.seed');
  if (input.namespace !== undefined) checkNamespace(input.namespace, 'experiment.namespace');
  checkSchedule(input.startsAt, input.endsAt);
  if (!Array.isArray(input.variants) || input.variants.length < 2)
    throw new ValidationError('experiment.variants', 'needs at least two variants (the first is the control)');
  const variants = input.variants.map((v, i) => {
    parseInput(idSchema, v?.name, `experiment.variants[${i}].name`);
    checkUnit(v.weight, `experiment.variants[${i}].weight`);
    return { name: v.name, weight: v.weight, config: parseConfig(v.config ?? {}, `experiment.variants[${i}].config`) as Record<string, unknown> };
  });
  const total = variants.reduce((s, v) => s + v.weight, 0);
  if (Math.abs(total - 1) > 0.01) throw new ValidationError('experiment.variants', `weights must sum to 1 (they sum to ${total})`);
  return {
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    trafficAllocation,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.namespace ? { namespace: input.namespace } : {}),
    ...(input.startsAt ? { startsAt: input.startsAt } : {}),
    ...(input.endsAt ? { endsAt: input.endsAt } : {}),
    variants,
  };
}

/** Validates a variant config (also used on configs read back from a store). */
export function parseConfig(config: unknown, field: string): VariantConfig {
  const r = variantConfigSchema.safeParse(config);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ValidationError([field, ...issue.path.map(String)].join('.'), issue.message);
  }
  return r.data as VariantConfig;
}

/** A stored variant's config, checked again: another writer may have put anything in the store. */
export function storedConfig(e: Experiment, v: Variant): VariantConfig {
  return parseConfig(v.config, `experiments[${JSON.stringify(e.name)}].variants[${JSON.stringify(v.name)}].config`);
}

/** A share from 0 to 1. */
export function checkUnit(value: unknown, field: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ValidationError(field, 'must be a number from 0 to 1');
}

/** A namespace: an id and a range [start, end) of the unit interval. */
function checkNamespace(ns: ExperimentNamespace, field: string): void {
  if (typeof ns !== 'object' || ns === null) throw new ValidationError(field, 'must be { id, start, end }');
  parseInput(idSchema, ns.id, `${field}.id`);
  checkUnit(ns.start, `${field}.start`);
  checkUnit(ns.end, `${field}.end`);
  if (!(ns.start < ns.end)) throw new ValidationError(field, 'start must be below end');
}

/** Optional start and end dates, the end after the start. */
function checkSchedule(startsAt: unknown, endsAt: unknown): void {
  for (const [value, field] of [
    [startsAt, 'experiment.startsAt'],
    [endsAt, 'experiment.endsAt'],
  ] as const) {
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime()))) throw new ValidationError(field, 'must be a valid Date');
  }
  if (startsAt instanceof Date && endsAt instanceof Date && !(startsAt < endsAt)) throw new ValidationError('experiment.endsAt', 'must be after startsAt');
}
