import { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import { TopK } from '../../core/top-k.js';
import type { TrackedEvent } from '../../core/types.js';
import type { CatalogIndex } from '../catalog-index.js';
import type { Candidate, CandidateRequest, CandidateSource } from './types.js';

/** The group key of one demographic fact, e.g. `country=BE`. */
function groupKey(name: string, value: string): string {
  return `${name}\u0000${value}`;
}

/** Whether an event counts as interest (dislikes and dismissals do not). */
function interestWeight(event: TrackedEvent): number {
  return event.type === 'dislike' || event.type === 'dismiss' ? 0 : 1;
}

/**
 * Cold-start candidates from demographic neighbours: for every demographic fact a host gave
 * (`ageBand=25-34`, `country=BE`, ...) a time-decayed count of what the users sharing it
 * watched, so a new user is offered what is popular with viewers like them. An item's score is
 * its mean relative interest over the user's groups. Counts are kept in process, fed by events
 * as they are tracked and by the stored events at start.
 */
export class DemographicSource implements CandidateSource {
  readonly name = 'demographic';
  private readonly groups = new Map<string, DecayedCounter>();
  private readonly membership = new Map<string, string[]>();
  private readonly rankings = new Map<string, { counter: number; catalog: number; order: Int32Array }>();

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly halfLifeDays: number,
  ) {}

  /**
   * Sets a user's demographic facts; returns the groups they newly joined, whose counts the
   * caller should feed the user's past events (see {@link addEvents}).
   */
  setUser(userId: string, demographics: Readonly<Record<string, string>>): string[] {
    const keys = Object.entries(demographics).map(([name, value]) => groupKey(name, value));
    const before = new Set(this.membership.get(userId) ?? []);
    if (keys.length === 0) this.membership.delete(userId);
    else this.membership.set(userId, keys);
    return keys.filter((k) => !before.has(k));
  }

  forgetUser(userId: string): void {
    this.membership.delete(userId);
  }

  /** Counts events towards their users' groups (only `groups`, when given). */
  addEvents(events: readonly TrackedEvent[], groups?: readonly string[]): void {
    for (const e of events) {
      const keys = groups ?? this.membership.get(e.userId);
      if (!keys) continue;
      const weight = interestWeight(e);
      if (weight <= 0) continue;
      const index = this.catalog.ids.intern(e.contentId);
      for (const key of keys) {
        let counter = this.groups.get(key);
        if (!counter) this.groups.set(key, (counter = new DecayedCounter(this.halfLifeDays)));
        counter.add(index, weight, e.timestamp);
      }
    }
  }

  async candidates(request: CandidateRequest): Promise<Candidate[]> {
    const counters = this.countersOf(request);
    if (counters.length === 0) return [];
    // Every group's own top items are the candidates; the mean over groups orders them.
    const seen = new Set<number>();
    const top = new TopK<number>(request.limit);
    for (const [key, counter] of counters) {
      let taken = 0;
      for (const index of this.ranking(key, counter)) {
        if (taken >= request.limit) break;
        if (seen.has(index)) continue;
        seen.add(index);
        if (request.excluded.has(this.catalog.ids.idAt(index))) continue;
        taken++;
        top.push(meanInterest(counters, index), index);
      }
    }
    return top.sorted().map(({ score, value }) => this.candidate(value, score));
  }

  async score(request: CandidateRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const counters = this.countersOf(request);
    if (counters.length === 0) return [];
    return itemIds.flatMap((id) => {
      const index = this.catalog.ids.indexOf(id);
      return index === undefined ? [] : [this.candidate(index, meanInterest(counters, index))];
    });
  }

  private candidate(index: number, score: number): Candidate {
    return { itemId: this.catalog.ids.idAt(index), score, reason: 'Popular with viewers like you' };
  }

  private countersOf(request: CandidateRequest): Array<[string, DecayedCounter]> {
    const out: Array<[string, DecayedCounter]> = [];
    for (const [name, value] of Object.entries(request.demographics ?? {})) {
      const key = groupKey(name, value);
      const counter = this.groups.get(key);
      if (counter) out.push([key, counter]);
    }
    return out;
  }

  /**
   * The group's live items with interest, most first; recomputed only after changes, and then
   * only over the items the group watched, not the whole catalogue.
   */
  private ranking(key: string, counter: DecayedCounter): Int32Array {
    const cached = this.rankings.get(key);
    if (cached && cached.counter === counter.version && cached.catalog === this.catalog.version) return cached.order;
    const watched: number[] = [];
    for (let i = 0; i < this.catalog.size; i++) if (counter.hasEvents(i) && this.catalog.isLive(i)) watched.push(i);
    const order = Int32Array.from(watched).sort((a, b) => counter.relative(b) - counter.relative(a) || a - b);
    this.rankings.set(key, { counter: counter.version, catalog: this.catalog.version, order });
    return order;
  }
}

/** Mean over the groups of the item's interest relative to each group's favourite, log-compressed. */
function meanInterest(counters: ReadonlyArray<[string, DecayedCounter]>, index: number): number {
  let sum = 0;
  for (const [, counter] of counters) sum += Math.log1p(100 * counter.relative(index)) / Math.log1p(100);
  return sum / counters.length;
}
