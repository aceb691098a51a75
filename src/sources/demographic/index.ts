/**
 * Demographic neighbours: for every demographic fact a host gave (`ageBand=25-34`,
 * `country=BE`, ...) a time-decayed count of what the users sharing it watched, so a new user is
 * offered what is popular with viewers like them. An item's score is its popularity with
 * everyone times its lift in each of the user's groups (naive Bayes). Counts are fed by events as
 * they are tracked and by the stored events at start; a user joining a group brings their recent
 * events to it.
 */
import { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import { isInformative } from '../../algorithms/popularity/informative-fact.js';
import { interestWeight } from '../../algorithms/popularity/interest.js';
import { ViewerCounter } from '../../algorithms/popularity/viewers.js';
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
/** Whether a fact tells anything is tested again once its groups have counted this share more events. */
const RETEST_GROWTH = 0.05;

/** The group key of one demographic fact, e.g. `country=BE`. */
function groupKey(name: string, value: string): string {
  return `${name}\u0000${value}`;
}

/** The fact of a group key (`country` of `country=BE`). */
function factName(key: string): string {
  return key.slice(0, key.indexOf('\u0000'));
}

/** One of a request's groups: its counts, their total at the request's time, and whether its fact tells anything. */
interface Group {
  key: string;
  counter: DecayedCounter;
  events: number;
  informative: boolean;
}

/** A fact's groups, the events counted into them, and the last test of whether it tells anything. */
interface Fact {
  counters: DecayedCounter[];
  events: number;
  tested?: { informative: boolean; events: number };
}

export class DemographicSource implements Source {
  readonly name = 'demographic';
  readonly role = 'cold-start';
  // Between stated genres and trending, as in the original cold start (genres 0.8, age and region
  // 0.7, trending 0.6). Measured only on synthetic data (bench/results/cold-start.md): no public
  // data set with demographics may be kept here; fit() tunes it wherever the host's users have them.
  readonly defaultWeight = WEIGHT;
  readonly reason = 'Popular with viewers like you';
  /** Each group's counts, a viewer's interest in an item once, as popularity counts (its lifts divide by it). */
  private readonly groups = new Map<string, ViewerCounter>();
  private readonly facts = new Map<string, Fact>();
  private readonly membership = new Map<string, string[]>();
  private readonly rankings = new Map<string, { counter: number; catalog: number; order: Int32Array }>();

  /**
   * @param popularity The engine's popularity counter: each group's counts decay at its half-life
   *   as of when the group was counted, so after a fit (or a snapshot) that tuned trending's
   *   half-life, the groups, counted again, decay as trending does.
   */
  constructor(
    private readonly catalog: CatalogIndex,
    private readonly popularity: Pick<DecayedCounter, 'halfLifeDays' | 'share' | 'relative' | 'total'>,
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
    this.facts.clear();
    this.rankings.clear();
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const counters = this.countersOf(request);
    if (counters.length === 0) return [];
    // Every group's own top items are the candidates; the groups' lifts together order them.
    const seen = new Set<number>();
    const top = new TopK<number>(request.limit);
    for (const { key, counter } of counters) {
      let taken = 0;
      for (const index of this.ranking(key, counter)) {
        if (taken >= request.limit) break;
        if (seen.has(index)) continue;
        seen.add(index);
        if (request.excluded.has(this.catalog.ids.idAt(index))) continue;
        taken++;
        top.push(this.interest(counters, index), index);
      }
    }
    return top.sorted().map(({ score, value }) => this.candidate(value, score));
  }

  async score(request: SourceRequest, itemIds: readonly string[], indices?: readonly number[]): Promise<Candidate[]> {
    const counters = this.countersOf(request);
    if (counters.length === 0) return [];
    return catalogIndices(this.catalog, itemIds, indices).map((index) => this.candidate(index, this.interest(counters, index)));
  }

  /** Counts events towards their users' groups (only `groups`, when given). */
  private count(events: readonly TrackedEvent[], groups?: readonly string[]): void {
    for (const e of events) {
      const keys = groups ?? this.membership.get(e.userId);
      if (!keys) continue;
      if (interestWeight(e) <= 0) continue;
      const index = this.catalog.ids.intern(e.contentId);
      for (const key of keys) {
        const fact = this.factOf(factName(key));
        let group = this.groups.get(key);
        if (!group) {
          this.groups.set(key, (group = new ViewerCounter(new DecayedCounter(this.popularity.halfLifeDays))));
          fact.counters.push(group.counter);
        }
        if (group.add(e, index)) fact.events++;
      }
    }
  }

  /**
   * How likely a viewer in every one of `groups` is to pick `index`, as naive Bayes combines
   * them: the item's popularity with everyone, times each group's lift (the item's share of the
   * group's viewing over its share of everyone's, the group's counts shrunk toward everyone's by
   * PRIOR_EVENTS, so a group seen little says little). A fact whose groups differ no more than
   * chance would make them (`isInformative`) is left out. Log-compressed, 1 for the most popular
   * item with no lift.
   */
  private interest(groups: readonly Group[], index: number): number {
    const overall = this.popularity.share(index);
    if (!(overall > 0)) return 0;
    let lift = 1;
    for (const { counter, events, informative } of groups) {
      if (!informative) continue;
      lift *= (events * counter.share(index) + PRIOR_EVENTS * overall) / ((events + PRIOR_EVENTS) * overall);
    }
    return Math.log1p(100 * this.popularity.relative(index) * lift) / Math.log1p(100);
  }

  /**
   * Whether fact `name` tells anything, over all its groups, tested again once they have
   * counted `RETEST_GROWTH` more events: a test reads every item of every group.
   */
  private informativeFact(name: string, now: number): boolean {
    const fact = this.factOf(name);
    const { counters, events, tested } = fact;
    if (tested && events >= tested.events && events <= tested.events * (1 + RETEST_GROWTH)) return tested.informative;
    const countsOf = (c: Pick<DecayedCounter, 'share' | 'total'>) => {
      const total = c.total(now);
      return (i: number) => c.share(i) * total;
    };
    const informative = isInformative(counters.map(countsOf), countsOf(this.popularity), this.catalog.size);
    fact.tested = { informative, events };
    return informative;
  }

  /** Fact `name`, made on first use. */
  private factOf(name: string): Fact {
    let fact = this.facts.get(name);
    if (!fact) this.facts.set(name, (fact = { counters: [], events: 0 }));
    return fact;
  }

  private candidate(index: number, score: number): Candidate {
    return { itemId: this.catalog.ids.idAt(index), score, reason: this.reason };
  }

  private countersOf(request: SourceRequest): Group[] {
    const out: Group[] = [];
    for (const [name, value] of Object.entries(request.demographics ?? {})) {
      const key = groupKey(name, value);
      const counter = this.groups.get(key)?.counter;
      if (counter) out.push({ key, counter, events: counter.total(request.now), informative: this.informativeFact(name, request.now) });
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
