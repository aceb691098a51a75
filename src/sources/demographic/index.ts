/**
 * Demographic neighbours: for every demographic fact a host gave (`ageBand=25-34`,
 * `country=BE`, ...) a time-decayed count of what the users sharing it watched, so a new user is
 * offered what is popular with viewers like them. An item's score is its popularity with
 * everyone times its lift in each of the user's groups (naive Bayes). Counts are fed by events as
 * they are tracked and by the stored events at start; a user joining a group brings their recent
 * events to it.
 */
import { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import { interestWeight } from '../../algorithms/popularity/interest.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { TopK } from '../../core/top-k.js';
import type { TrackedEvent, UserAttributes } from '../../core/types.js';
import { catalogIndices } from '../catalog-scan.js';
import { defineSource } from '../definition.js';
import type { Candidate, Source, SourceRequest } from '../source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.5;
/** Events' worth of everyone's viewing a group's counts are shrunk toward. */
const PRIOR_EVENTS = 10;

/** The group key of one demographic fact, e.g. `country=BE`. */
function groupKey(name: string, value: string): string {
  return `${name}\u0000${value}`;
}

export class DemographicSource implements Source {
  readonly name = 'demographic';
  readonly role = 'cold-start';
  // Between stated genres and trending, as in the original cold start (genres 0.8, age and region
  // 0.7, trending 0.6). Measured only on synthetic data (bench/results/cold-start.md): no public
  // data set with demographics may be kept here; fit() tunes it wherever the host's users have them.
  readonly defaultWeight = WEIGHT;
  readonly reason = 'Popular with viewers like you';
  private readonly groups = new Map<string, DecayedCounter>();
  private readonly membership = new Map<string, string[]>();
  private readonly rankings = new Map<string, { counter: number; catalog: number; order: Int32Array }>();

  /**
   * @param popularity The engine's popularity counter: each group's counts decay at its half-life
   *   as of when the group was counted, so after a fit (or a snapshot) that tuned trending's
   *   half-life, the groups, counted again, decay as trending does.
   */
  constructor(
    private readonly catalog: CatalogIndex,
    private readonly popularity: Pick<DecayedCounter, 'halfLifeDays' | 'share' | 'relative'>,
  ) {}

  appliesTo(request: SourceRequest): boolean {
    return request.demographics !== undefined && Object.keys(request.demographics).length > 0;
  }

  async setUserAttributes(attributes: UserAttributes, history?: () => Promise<readonly TrackedEvent[]>): Promise<void> {
    const keys = Object.entries(attributes.demographics).map(([name, value]) => groupKey(name, value));
    const before = new Set(this.membership.get(attributes.userId) ?? []);
    if (keys.length === 0) this.membership.delete(attributes.userId);
    else this.membership.set(attributes.userId, keys);
    const joined = keys.filter((k) => !before.has(k));
    if (joined.length > 0 && history) this.count(await history(), joined);
  }

  forgetUser(userId: string): void {
    this.membership.delete(userId);
  }

  addEvents(events: readonly TrackedEvent[]): void {
    this.count(events);
  }

  clearEvents(): void {
    this.groups.clear();
    this.rankings.clear();
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const counters = this.countersOf(request);
    if (counters.length === 0) return [];
    // Every group's own top items are the candidates; the groups' lifts together order them.
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
        top.push(this.interest(counters, index, request.now), index);
      }
    }
    return top.sorted().map(({ score, value }) => this.candidate(value, score));
  }

  async score(request: SourceRequest, itemIds: readonly string[], indices?: readonly number[]): Promise<Candidate[]> {
    const counters = this.countersOf(request);
    if (counters.length === 0) return [];
    return catalogIndices(this.catalog, itemIds, indices).map((index) => this.candidate(index, this.interest(counters, index, request.now)));
  }

  /** Counts events towards their users' groups (only `groups`, when given). */
  private count(events: readonly TrackedEvent[], groups?: readonly string[]): void {
    for (const e of events) {
      const keys = groups ?? this.membership.get(e.userId);
      if (!keys) continue;
      const weight = interestWeight(e);
      if (weight <= 0) continue;
      const index = this.catalog.ids.intern(e.contentId);
      for (const key of keys) {
        let counter = this.groups.get(key);
        if (!counter) this.groups.set(key, (counter = new DecayedCounter(this.popularity.halfLifeDays)));
        counter.add(index, weight, e.timestamp);
      }
    }
  }

  /**
   * How likely a viewer in every one of `counters`' groups is to pick `index`, as naive Bayes
   * combines the groups: the item's popularity with everyone, times each group's lift (the item's
   * share of the group's viewing over its share of everyone's, the group's counts shrunk toward
   * everyone's by PRIOR_EVENTS, so a group seen little says little). A fact that says nothing
   * about taste (lifts near 1) then moves little, where a mean of the groups' own rankings gave
   * its noise as much say as an informative fact's. Log-compressed, 1 for the most popular item
   * with no lift.
   */
  private interest(counters: ReadonlyArray<[string, DecayedCounter]>, index: number, now: number): number {
    const overall = this.popularity.share(index);
    if (!(overall > 0)) return 0;
    let lift = 1;
    for (const [, counter] of counters) {
      const events = counter.total(now);
      lift *= (events * counter.share(index) + PRIOR_EVENTS * overall) / ((events + PRIOR_EVENTS) * overall);
    }
    return Math.log1p(100 * this.popularity.relative(index) * lift) / Math.log1p(100);
  }

  private candidate(index: number, score: number): Candidate {
    return { itemId: this.catalog.ids.idAt(index), score, reason: this.reason };
  }

  private countersOf(request: SourceRequest): Array<[string, DecayedCounter]> {
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

/** Registration of the demographic source; its counts decay like trending's (the engine's popularity counter's half-life). */
export const demographic = defineSource({
  defaultWeight: WEIGHT,
  name: 'demographic',
  create: (context) => new DemographicSource(context.catalog, context.popularity),
});
