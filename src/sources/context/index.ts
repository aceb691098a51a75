import {
  COMPANY_GENRES,
  MOOD_GENRES,
  dayPart,
  dayPartGenreLift,
  deviceScore,
  genreMatch,
  timeScore,
  isWeekend,
} from '../../algorithms/context/context-scores.js';
import { interactionEngagement, type EngagementParams } from '../../algorithms/profile/engagement.js';
import { localHourAndWeekday, toEpochMs } from '../../core/time.js';
import type { ViewingContext } from '../../core/types.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { catalogIndices, perGenreSet, topCatalogIndices } from '../catalog-scan.js';
import { defineSource } from '../definition.js';
import type { Candidate, Source, SourceRequest } from '../source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.15;

interface Scorer {
  score(index: number): number;
  /** The sentence of the strongest signal behind `index`'s score, if any signal fired. */
  reason(index: number): string | undefined;
}

/**
 * Context-aware candidates: items that suit the request's context, from the user's own viewing
 * at this part of the day and kind of day (genres they pick then more than usual), the device's running-time
 * fit, the mood's genres and the company's genres. Silent without a context.
 */
export class ContextSource implements Source {
  readonly name = 'context';
  readonly role = 'ambient';
  // Only runs when a request carries a context (time, device, mood, company).
  readonly defaultWeight = WEIGHT;

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly engagement: EngagementParams,
  ) {}

  appliesTo(request: SourceRequest): boolean {
    return request.context !== undefined;
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const scorer = this.scorer(request);
    if (!scorer) return [];
    return topCatalogIndices(this.catalog, request, scorer.score).map((i) => this.candidate(scorer, i));
  }

  async score(request: SourceRequest, itemIds: readonly string[], indices?: readonly number[]): Promise<Candidate[]> {
    const scorer = this.scorer(request);
    if (!scorer) return [];
    return catalogIndices(this.catalog, itemIds, indices).map((i) => this.candidate(scorer, i));
  }

  private candidate(scorer: Scorer, index: number): Candidate {
    const reason = scorer.reason(index);
    return { itemId: this.catalog.ids.idAt(index), score: scorer.score(index), ...(reason ? { reason } : {}) };
  }

  private scorer(request: SourceRequest): Scorer | undefined {
    const ctx = request.context;
    if (!ctx) return undefined;
    const moment = this.momentOf(ctx, request.now);
    const part = dayPart(moment.hour);
    const lift = dayPartGenreLift(this.viewings(request), part, isWeekend(moment.weekday));
    // Moods and companions come from the request: only the tables' own entries count.
    const mood = ctx.mood ? own(MOOD_GENRES, ctx.mood.toLowerCase()) : [];
    const company = [...new Set((ctx.viewingWith ?? []).flatMap((w) => own(COMPANY_GENRES, w.toLowerCase())))];
    const device = ctx.device;
    if (lift.size === 0 && mood.length === 0 && company.length === 0 && !device) return undefined;
    const { catalog } = this;
    const time = perGenreSet(catalog, (genres) => timeScore(genres, lift));
    const moodFit = perGenreSet(catalog, (genres) => genreMatch(genres, mood));
    const companyFit = perGenreSet(catalog, (genres) => genreMatch(genres, company));
    const deviceFit = (index: number) => (device ? deviceScore(device, catalog.runtimeOfIndex(index)) : 0);
    const reasons = [
      `Matches your ${part} picks`,
      device === 'tv' ? 'Made for the big screen' : 'Fits a short watch',
      `Fits a ${ctx.mood?.toLowerCase()} mood`,
      `Good to watch with ${ctx.viewingWith?.join(' and ')}`,
    ];
    return {
      score: (index) => time(index) + 0.5 * (deviceFit(index) + moodFit(index) + companyFit(index)),
      reason: (index) => {
        // Device fit alone is rarely worth naming; the other signals are.
        const named = [time(index), 0.5 * deviceFit(index) * 0.6, 0.5 * moodFit(index), 0.5 * companyFit(index)];
        let best = 0;
        for (let k = 1; k < named.length; k++) if (named[k]! > named[best]!) best = k;
        return named[best]! > 0 ? reasons[best] : undefined;
      },
    };
  }

  private momentOf(ctx: ViewingContext, now: number): { hour: number; weekday: number } {
    const when = (ctx.time === undefined ? undefined : toEpochMs(ctx.time)) ?? now;
    return localHourAndWeekday(when, ctx.timeZone);
  }

  /** The user's positive viewings with their time and the item's genres. */
  private viewings(request: SourceRequest) {
    const out = [];
    for (const it of request.interactions.values()) {
      const weight = interactionEngagement(it, this.engagement);
      if (weight <= 0) continue;
      out.push({
        timestamp: it.lastPositiveTimestamp ?? it.lastTimestamp,
        timeZone: request.context?.timeZone,
        genres: this.catalog.genresOf(it.itemId),
        weight,
      });
    }
    return out;
  }
}

/** The table's own entry for `key` (never an inherited property such as `constructor`). */
function own(table: Readonly<Record<string, readonly string[]>>, key: string): readonly string[] {
  return Object.hasOwn(table, key) ? table[key]! : [];
}

/** Registration of the context source. */
export const context = defineSource({
  defaultWeight: WEIGHT,
  name: 'context',
  create: (ctx) => new ContextSource(ctx.catalog, ctx.engagement),
});
