import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Assignment, Experiment, ExperimentPatch, ExperimentStatus, NewExperiment, VariantTotals } from '../../experiments/types.js';
import type { ExperimentRepository } from '../types.js';
import { clone } from './batches.js';
import { optionalObject, text } from '../checks.js';
import { checkAssignment, checkConversion, checkExperimentUpdate, checkExperimentUser, checkExposure, checkNewExperiment } from '../port-checks.js';

interface Conversion {
  userId: string;
  variantId: string;
  metric: string;
  value: number;
  metadata?: Record<string, unknown>;
}

interface Records {
  assignments: Map<string, Assignment>;
  exposures: Map<string, { variantId: string; context?: Record<string, unknown> }>;
  conversions: Conversion[];
}

/** Experiments and their records in memory; the reference {@link ExperimentRepository}. */
export class MemoryExperimentRepository implements ExperimentRepository {
  private readonly experiments = new Map<string, Experiment>();
  private readonly records = new Map<string, Records>();

  async create(input: NewExperiment): Promise<Experiment> {
    checkNewExperiment(input);
    for (const e of this.experiments.values()) {
      if (e.name === input.name) throw new ValidationError('name', `an experiment named ${JSON.stringify(input.name)} already exists`);
    }
    const names = new Set<string>();
    for (const [i, v] of input.variants.entries()) {
      if (names.has(v.name)) throw new ValidationError(`variants[${i}].name`, 'must be unique within the experiment');
      names.add(v.name);
    }
    const now = new Date();
    const id = randomUUID();
    const experiment: Experiment = {
      id,
      name: input.name,
      status: input.status ?? 'draft',
      trafficAllocation: input.trafficAllocation ?? 1,
      seed: input.seed ?? id,
      variants: input.variants.map((v) => ({ id: randomUUID(), name: v.name, weight: v.weight, config: clone(v.config ?? {}) })),
      createdAt: now,
      updatedAt: now,
    };
    if (input.description !== undefined) experiment.description = input.description;
    if (input.namespace !== undefined) experiment.namespace = clone(input.namespace);
    if (input.startsAt !== undefined) experiment.startsAt = new Date(input.startsAt);
    if (input.endsAt !== undefined) experiment.endsAt = new Date(input.endsAt);
    this.experiments.set(id, experiment);
    this.records.set(id, { assignments: new Map(), exposures: new Map(), conversions: [] });
    return clone(experiment);
  }

  async get(id: string): Promise<Experiment | undefined> {
    text(id, 'id');
    const e = this.experiments.get(id);
    return e && clone(e);
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    text(name, 'name');
    for (const e of this.experiments.values()) if (e.name === name) return clone(e);
    return undefined;
  }

  async list(options: { status?: ExperimentStatus } = {}): Promise<Experiment[]> {
    optionalObject(options, 'options');
    return [...this.experiments.values()]
      .filter((e) => options.status === undefined || e.status === options.status)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.name < b.name ? -1 : 1))
      .map(clone);
  }

  async update(id: string, patch: ExperimentPatch): Promise<Experiment> {
    checkExperimentUpdate(id, patch);
    const e = this.experiments.get(id);
    if (!e) throw new NotFoundError('experiment', id);
    const next: Experiment = { ...e, updatedAt: new Date(Math.max(Date.now(), e.updatedAt.getTime() + 1)) };
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.trafficAllocation !== undefined) next.trafficAllocation = patch.trafficAllocation;
    if (patch.seed !== undefined && patch.seed !== e.seed) {
      next.seed = patch.seed;
      this.records.get(id)!.assignments.clear();
    }
    if (patch.namespace === null) delete next.namespace;
    else if (patch.namespace !== undefined) next.namespace = clone(patch.namespace);
    if (patch.startsAt === null) delete next.startsAt;
    else if (patch.startsAt !== undefined) next.startsAt = new Date(patch.startsAt);
    if (patch.endsAt === null) delete next.endsAt;
    else if (patch.endsAt !== undefined) next.endsAt = new Date(patch.endsAt);
    this.experiments.set(id, next);
    return clone(next);
  }

  async delete(id: string): Promise<boolean> {
    text(id, 'id');
    this.records.delete(id);
    return this.experiments.delete(id);
  }

  async assign(experimentId: string, userId: string, variantId: string): Promise<Assignment> {
    checkAssignment(experimentId, userId, variantId);
    const r = this.recordsOf(experimentId, variantId);
    let a = r.assignments.get(userId);
    if (!a) {
      a = { experimentId, userId, variantId, assignedAt: new Date() };
      r.assignments.set(userId, a);
    }
    return clone(a);
  }

  async getAssignment(experimentId: string, userId: string): Promise<Assignment | undefined> {
    checkExperimentUser(experimentId, userId);
    const a = this.records.get(experimentId)?.assignments.get(userId);
    return a && clone(a);
  }

  async recordExposure(experimentId: string, userId: string, variantId: string, context?: Record<string, unknown>): Promise<boolean> {
    checkExposure(experimentId, userId, variantId, context);
    const r = this.recordsOf(experimentId, variantId);
    if (r.exposures.has(userId)) return false;
    r.exposures.set(userId, { variantId, ...(context ? { context: clone(context) } : {}) });
    return true;
  }

  async recordConversion(
    experimentId: string,
    userId: string,
    variantId: string,
    metric: string,
    value: number,
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    checkConversion(experimentId, userId, variantId, metric, value, metadata);
    const r = this.recordsOf(experimentId, variantId);
    r.conversions.push({ userId, variantId, metric, value, ...(metadata ? { metadata: clone(metadata) } : {}) });
  }

  async totals(experimentId: string): Promise<VariantTotals[]> {
    text(experimentId, 'experimentId');
    const e = this.experiments.get(experimentId);
    if (!e) throw new NotFoundError('experiment', experimentId);
    const r = this.records.get(experimentId)!;
    return e.variants.map((v) => {
      const metrics: VariantTotals['metrics'] = {};
      const usersPerMetric = new Map<string, Set<string>>();
      for (const c of r.conversions) {
        if (c.variantId !== v.id) continue;
        const m = (metrics[c.metric] ??= { count: 0, users: 0, sum: 0, sumSquares: 0 });
        m.count++;
        m.sum += c.value;
        m.sumSquares += c.value * c.value;
        let users = usersPerMetric.get(c.metric);
        if (!users) usersPerMetric.set(c.metric, (users = new Set()));
        users.add(c.userId);
        m.users = users.size;
      }
      let users = 0;
      for (const a of r.assignments.values()) if (a.variantId === v.id) users++;
      let exposedUsers = 0;
      for (const x of r.exposures.values()) if (x.variantId === v.id) exposedUsers++;
      return { variantId: v.id, users, exposedUsers, metrics };
    });
  }

  private recordsOf(experimentId: string, variantId: string): Records {
    const e = this.experiments.get(experimentId);
    const r = this.records.get(experimentId);
    if (!e || !r) throw new NotFoundError('experiment', experimentId);
    if (!e.variants.some((v) => v.id === variantId)) throw new NotFoundError('variant', variantId);
    return r;
  }
}
