/**
 * Trending: items ranked by exponentially time-decayed interest across all users, then by the
 * host's popularity prior, so even a catalogue with no events yet has an order.
 */
import { z } from 'zod';
import type { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
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
const POPULAR = 'Popular in the catalogue';

/** The trending source over the engine's shared popularity counter. */
export class TrendingSource implements Source {
  readonly name = 'trending';
  readonly role = 'ambient';
  readonly defaultWeight = WEIGHT;
  readonly reason = TRENDING_NOW;
  private cache: { counter: number; catalog: number; order: Int32Array; complete: boolean } | undefined;

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly counter: DecayedCounter,
  ) {}

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const ids = this.catalog.ids;
    const out: Candidate[] = [];
    // Excluded items are skipped, so the ranking must reach that much deeper.
    for (const index of this.ranking(request.limit + request.excluded.size)) {
      if (out.length >= request.limit) break;
      const itemId = ids.idAt(index);
      if (!request.excluded.has(itemId)) out.push(this.candidate(itemId, index));
    }
    return out;
  }

  async score(_request: SourceRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const out: Candidate[] = [];
    for (const itemId of itemIds) {
      const i = this.catalog.ids.indexOf(itemId);
      if (i !== undefined) out.push(this.candidate(itemId, i));
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

  private candidate(itemId: string, index: number): Candidate {
    const counted = this.counter.hasEvents(index);
    return {
      itemId,
      score: compress(this.counter.relative(index, this.catalog.priors())),
      reason: counted ? TRENDING_NOW : POPULAR,
      ...(counted ? { clause: 'trending this week' } : {}),
    };
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
