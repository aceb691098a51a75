import { NotFoundError, ValidationError } from '../core/errors.js';
import type { TrackedEvent } from '../core/types.js';
import { idSchema, parseInput } from '../core/schema.js';
import type { ExperimentRepository } from '../stores/types.js';
import type { ActiveVariant, Experiment, ExperimentInput, ExperimentStatus, ServedVariant } from '../experiments/types.js';
import { assignVariantIndex } from '../experiments/bucketing.js';
import { analyzeExperiment, type ExperimentResults, type ResultsOptions } from '../experiments/results.js';
import { checkUnit, parseExperimentInput, resultsOptionsSchema, storedConfig } from './experiment-inputs.js';

const TRANSITIONS: Record<ExperimentStatus, readonly ExperimentStatus[]> = {
  draft: ['running'],
  running: ['paused', 'completed'],
  paused: ['running', 'completed'],
  completed: [],
};

/**
 * A/B tests of recommendation variants: lifecycle, deterministic sticky assignment
 * (GrowthBook-compatible hashing), and results with statistics. Reached as `engine.experiments`;
 * `recommend()` applies the variants and records exposures, `track()` records conversions.
 */
export class Experiments {
  private running: { at: number; list: Experiment[] } | undefined;

  constructor(
    private readonly repository: ExperimentRepository,
    private readonly clock: () => number,
    /** How long the list of running experiments is reused before it is read again (ms). */
    private readonly refreshMs = 5000,
    /** Told of every change, so other instances can drop their list at once. */
    private readonly onChange: () => void = () => {},
  ) {}

  /** Forgets the cached list of running experiments (another instance changed one). */
  invalidate(): void {
    this.running = undefined;
  }

  /** Validates and stores a new draft experiment. */
  async create(input: ExperimentInput): Promise<Experiment> {
    const created = await this.repository.create(parseExperimentInput(input));
    this.touched();
    return created;
  }

  /** The experiment with this id or name. */
  async get(idOrName: string): Promise<Experiment> {
    parseInput(idSchema, idOrName, 'experiment');
    const found = (await this.repository.get(idOrName)) ?? (await this.repository.getByName(idOrName));
    if (!found) throw new NotFoundError('experiment', idOrName);
    return found;
  }

  list(status?: ExperimentStatus): Promise<Experiment[]> {
    return this.repository.list(status === undefined ? {} : { status });
  }

  /** draft → running, or paused → running. */
  start(idOrName: string): Promise<Experiment> {
    return this.transition(idOrName, 'running');
  }

  /** running → paused: users keep their variants but get the default experience meanwhile. */
  pause(idOrName: string): Promise<Experiment> {
    return this.transition(idOrName, 'paused');
  }

  /** running or paused → completed (final). */
  complete(idOrName: string): Promise<Experiment> {
    return this.transition(idOrName, 'completed');
  }

  /** Changes the share of users included; raising it never moves an included user. */
  async setTrafficAllocation(idOrName: string, trafficAllocation: number): Promise<Experiment> {
    checkUnit(trafficAllocation, 'trafficAllocation');
    const e = await this.get(idOrName);
    return this.changed(await this.repository.update(e.id, { trafficAllocation }));
  }

  /** Re-seeds the experiment: stored assignments are deleted and every user is hashed afresh. */
  async reseed(idOrName: string, seed: string): Promise<Experiment> {
    parseInput(idSchema, seed, 'seed');
    const e = await this.get(idOrName);
    return this.changed(await this.repository.update(e.id, { seed }));
  }

  async delete(idOrName: string): Promise<boolean> {
    const e = await this.get(idOrName);
    const removed = await this.repository.delete(e.id);
    this.touched();
    return removed;
  }

  /**
   * The user's variant in one experiment, assigning it on first call: a stored assignment wins
   * (sticky, even after weights change); otherwise the hash decides, and the result is stored.
   * Undefined when the user is outside the traffic, the namespace slice or the schedule, or the
   * experiment is not running.
   */
  async assign(idOrName: string, userId: string): Promise<ActiveVariant | undefined> {
    parseInput(idSchema, userId, 'userId');
    const e = await this.get(idOrName);
    return e.status === 'running' && this.inSchedule(e) ? this.assignIn(e, userId) : undefined;
  }

  /** Every running experiment the user takes part in, with their variant (assigning as needed). */
  async activeFor(userId: string): Promise<ActiveVariant[]> {
    const out: ActiveVariant[] = [];
    for (const e of await this.runningExperiments()) {
      if (!this.inSchedule(e)) continue;
      const active = await this.assignIn(e, userId);
      if (active) out.push(active);
    }
    return out;
  }

  /** The variants the user is already assigned to in running experiments (no new assignments). */
  async assignedTo(userId: string): Promise<ActiveVariant[]> {
    const out: ActiveVariant[] = [];
    for (const e of await this.runningExperiments()) {
      const stored = await this.repository.getAssignment(e.id, userId);
      const variant = stored && e.variants.find((v) => v.id === stored.variantId);
      if (variant) out.push({ experiment: e, variant, config: storedConfig(e, variant) });
    }
    return out;
  }

  recordExposure(active: ActiveVariant, userId: string, context?: Record<string, unknown>): Promise<boolean> {
    return this.repository.recordExposure(active.experiment.id, userId, active.variant.id, context);
  }

  recordConversion(active: ActiveVariant, userId: string, metric: string, value: number, metadata?: Record<string, unknown>): Promise<void> {
    return this.repository.recordConversion(active.experiment.id, userId, active.variant.id, metric, value, metadata);
  }

  /**
   * Records the exposure of a served response (idempotent: only the first per user and
   * experiment is stored) and tags it with the user's variants.
   */
  async expose<R extends { items: Array<{ variant?: string }> }>(
    userId: string,
    active: readonly ActiveVariant[],
    response: R,
  ): Promise<R & { experiments?: ServedVariant[] }> {
    if (active.length === 0) return response;
    await Promise.all(active.map((a) => this.recordExposure(a, userId, { count: response.items.length })));
    const tag = active.map((a) => `${a.experiment.name}:${a.variant.name}`).join(',');
    return {
      ...response,
      items: response.items.map((item) => ({ ...item, variant: tag })),
      experiments: active.map((a) => ({ experimentId: a.experiment.id, experiment: a.experiment.name, variantId: a.variant.id, variant: a.variant.name })),
    };
  }

  /**
   * Records events whose type is in `metrics` as conversions of every running experiment their
   * user is assigned to. The value is the rating for `rate`, the completion for `complete`, else 1.
   */
  async recordConversions(events: readonly TrackedEvent[], metrics: readonly string[]): Promise<void> {
    const wanted = new Set(metrics);
    const byUser = new Map<string, TrackedEvent[]>();
    for (const e of events) {
      if (!wanted.has(e.type)) continue;
      let list = byUser.get(e.userId);
      if (!list) byUser.set(e.userId, (list = []));
      list.push(e);
    }
    for (const [userId, list] of byUser) {
      for (const a of await this.assignedTo(userId)) {
        for (const e of list) {
          const value = e.type === 'rate' ? (e.rating ?? 1) : e.type === 'complete' ? (e.completion ?? 1) : 1;
          await this.recordConversion(a, userId, e.type, value, { contentId: e.contentId, eventId: e.id });
        }
      }
    }
  }

  /** Per-variant statistics against the control (the first variant). */
  async results(idOrName: string, options: ResultsOptions = {}): Promise<ExperimentResults> {
    const valid = parseInput(resultsOptionsSchema, options ?? {}, 'options');
    const e = await this.get(idOrName);
    return analyzeExperiment(e, await this.repository.totals(e.id), valid);
  }

  private async assignIn(e: Experiment, userId: string): Promise<ActiveVariant | undefined> {
    const stored = await this.repository.getAssignment(e.id, userId);
    let variant = stored && e.variants.find((v) => v.id === stored.variantId);
    if (!variant) {
      const index = assignVariantIndex(
        { seed: e.seed, trafficAllocation: e.trafficAllocation, weights: e.variants.map((v) => v.weight), namespace: e.namespace },
        userId,
      );
      if (index < 0) return undefined;
      // Concurrent first requests may race: the repository keeps exactly one, and we use it.
      const kept = await this.repository.assign(e.id, userId, e.variants[index]!.id);
      variant = e.variants.find((v) => v.id === kept.variantId);
      if (!variant) return undefined;
    }
    return { experiment: e, variant, config: storedConfig(e, variant) };
  }

  private inSchedule(e: Experiment): boolean {
    const now = this.clock();
    return (!e.startsAt || e.startsAt.getTime() <= now) && (!e.endsAt || now < e.endsAt.getTime());
  }

  private async runningExperiments(): Promise<Experiment[]> {
    const now = Date.now();
    if (!this.running || now - this.running.at > this.refreshMs) this.running = { at: now, list: await this.repository.list({ status: 'running' }) };
    return this.running.list;
  }

  private async transition(idOrName: string, to: ExperimentStatus): Promise<Experiment> {
    const e = await this.get(idOrName);
    if (!TRANSITIONS[e.status].includes(to)) {
      throw new ValidationError('status', `an experiment cannot go from ${e.status} to ${to} (allowed: ${TRANSITIONS[e.status].join(', ') || 'none'})`);
    }
    return this.changed(await this.repository.update(e.id, { status: to }));
  }

  private changed(e: Experiment): Experiment {
    this.touched();
    return e;
  }

  private touched(): void {
    this.running = undefined;
    this.onChange();
  }
}
