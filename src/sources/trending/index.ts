/**
 * Trending: items ranked by exponentially time-decayed interest across all users, then by the
 * host's popularity prior, so even a catalogue with no events yet has an order.
 */
import { z } from 'zod';
import { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import { ViewerCounter } from '../../algorithms/popularity/viewers.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { TrackedEvent } from '../../core/types.js';
import { defineSource } from '../definition.js';
import type { Candidate, Source, SourceRequest } from '../source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.2;

/** Settings of the trending signal (`trending` in the engine options). */
export const trendingSettings = z.object({
  /** Half-life of an event's contribution to trending, in days. @default 7 */
  halfLifeDays: z.number().finite().positive().default(7),
});

const TRENDING_NOW = 'Trending this week';
const WATCHED = 'Popular with viewers';
const PRIOR = 'Popular in the catalogue';

/**
 * "Trending this week" is claimed only for an item that, by the request's clock, has about one
 * viewing's worth of interest decayed over a week or more, and at least a tenth of the hottest
 * item's: recent activity that ranks it, whatever half-life the ranking itself uses.
 */
const WEEK_DAYS = 7;
const MIN_RECENT = 1;
const MIN_RECENT_SHARE = 0.1;

/** The trending source over the engine's shared popularity counter. */
export class TrendingSource implements Source {
  readonly name = 'trending';
  readonly role = 'ambient';
  readonly defaultWeight = WEIGHT;
  private cache: { counter: number; catalog: number; order: Int32Array; complete: boolean } | undefined;
  /** Interest with a one-week half-life, only to tell what is trending this week. */
  private readonly recent = new ViewerCounter(new DecayedCounter(WEEK_DAYS));

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly counter: DecayedCounter,
  ) {}

  addEvents(events: readonly TrackedEvent[]): void {
    for (const e of events) this.recent.add(e, this.catalog.ids.intern(e.contentId));
  }

  clearEvents(): void {
    this.recent.clear();
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const ids = this.catalog.ids;
    const out: Candidate[] = [];
    // Excluded items are skipped, so the ranking must reach that much deeper.
    for (const index of this.ranking(request.limit + request.excluded.size)) {
      if (out.length >= request.limit) break;
      const itemId = ids.idAt(index);
      if (!request.excluded.has(itemId)) out.push(this.candidate(itemId, index, request.now));
    }
    return out;
  }

  async score(request: SourceRequest, itemIds: readonly string[], indices?: readonly number[]): Promise<Candidate[]> {
    const out: Candidate[] = [];
    for (let k = 0; k < itemIds.length; k++) {
      const i = indices ? indices[k] : this.catalog.ids.indexOf(itemIds[k]!);
      if (i !== undefined) out.push(this.candidate(itemIds[k]!, i, request.now));
    }
    return out;
  }

  /**
   * At least the first `depth` live items in trending order (all of them when fewer), recomputed
   * only after events or catalogue changes, or when a request needs to reach deeper. Events
   * arrive all the time, so only the head is selected, not the whole catalogue sorted.
   */
  private ranking(depth: number): Int32Array {
    const { catalog, counter } = this;
    const cached = this.cache;
    if (cached && cached.counter === counter.version && cached.catalog === catalog.version && (cached.complete || cached.order.length >= depth)) {
      return cached.order;
    }
    // Deeper requests (filters, exploration) double the head rather than creep up one by one.
    const limit = Math.max(256, depth <= 256 ? depth : 2 ** Math.ceil(Math.log2(depth)));
    const order = counter.ranking(catalog.size, catalog.priors(), (i) => catalog.isLive(i), limit);
    this.cache = { counter: counter.version, catalog: catalog.version, order, complete: order.length < limit };
    return order;
  }

  private candidate(itemId: string, index: number, now: number): Candidate {
    const score = compress(this.counter.relative(index, this.catalog.priors()));
    if (this.trendingNow(index, now)) return { itemId, score, reason: TRENDING_NOW, clause: 'trending this week' };
    if (this.counter.hasEvents(index)) return { itemId, score, reason: WATCHED };
    return (this.catalog.priors()[index] ?? 0) > 0 ? { itemId, score, reason: PRIOR } : { itemId, score };
  }

  /** True when recent activity, by the request's clock, ranks the item (see MIN_RECENT). */
  private trendingNow(index: number, now: number): boolean {
    const week = this.recent.counter;
    return week.value(index, now) >= MIN_RECENT && week.relative(index) >= MIN_RECENT_SHARE;
  }
}

/**
 * Interest is heavy-tailed (a few hits, a long tail), so relative counts are compressed
 * logarithmically: the hottest item scores 1, one with a tenth of its count about 0.52 and one
 * with a hundredth about 0.15, instead of 0.1 and 0.01, letting taste decide within the head.
 */
function compress(relative: number): number {
  return Math.log1p(100 * relative) / Math.log1p(100);
}

/** Registration of the trending source. Its half-life configures the engine's popularity counter. */
export const trending = defineSource({
  defaultWeight: WEIGHT,
  name: 'trending',
  settingsKey: 'trending',
  settings: trendingSettings,
  create: (context) => new TrendingSource(context.catalog, context.popularity),
});
