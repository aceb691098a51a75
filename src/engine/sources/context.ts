import {
  COMPANY_GENRES,
  MOOD_GENRES,
  dayPart,
  dayPartGenreLift,
  deviceScore,
  genreMatch,
  timeScore,
  type DayPart,
} from '../../algorithms/context/context-scores.js';
import { interactionEngagement, type EngagementParams } from '../../algorithms/profile/engagement.js';
import { localHourAndWeekday, toEpochMs } from '../../core/time.js';
import type { RecommendContext } from '../../core/types.js';
import type { CatalogIndex } from '../catalog-index.js';
import { catalogIndices, topCatalogIndices } from './catalog-scan.js';
import type { Candidate, CandidateRequest, CandidateSource } from './types.js';

interface Scorer {
  score(index: number): { score: number; reason: string | undefined };
}

/**
 * Context-aware candidates: items that suit the request's context, from the user's own viewing
 * at this part of the day (genres they pick then more than usual), the device's running-time
 * fit, the mood's genres and the company's genres. Silent without a context.
 */
export class ContextSource implements CandidateSource {
  readonly name = 'context';

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly engagement: EngagementParams,
  ) {}

  async candidates(request: CandidateRequest): Promise<Candidate[]> {
    const scorer = this.scorer(request);
    if (!scorer) return [];
    return topCatalogIndices(this.catalog, request, (i) => scorer.score(i).score).map((i) => this.candidate(scorer, i));
  }

  async score(request: CandidateRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const scorer = this.scorer(request);
    if (!scorer) return [];
    return catalogIndices(this.catalog, itemIds).map((i) => this.candidate(scorer, i));
  }

  private candidate(scorer: Scorer, index: number): Candidate {
    const { score, reason } = scorer.score(index);
    return { itemId: this.catalog.ids.idAt(index), score, ...(reason ? { reason } : {}) };
  }

  private scorer(request: CandidateRequest): Scorer | undefined {
    const ctx = request.context;
    if (!ctx) return undefined;
    const part = this.partOf(ctx, request.now);
    const lift = dayPartGenreLift(this.viewings(request), part);
    const mood = ctx.mood ? (MOOD_GENRES[ctx.mood.toLowerCase()] ?? []) : [];
    const company = (ctx.viewingWith ?? []).flatMap((w) => COMPANY_GENRES[w.toLowerCase()] ?? []);
    const device = ctx.device;
    if (lift.size === 0 && mood.length === 0 && company.length === 0 && !device) return undefined;
    return {
      score: (index) => {
        const genres = this.catalog.genresOfIndex(index);
        const parts: Array<[number, number, string]> = [
          [1, timeScore(genres, lift), `Matches your ${part} picks`],
          [0.5, device ? deviceScore(device, this.catalog.runtimeOfIndex(index)) : 0, device === 'tv' ? 'Made for the big screen' : 'Fits a short watch'],
          [0.5, genreMatch(genres, mood), `Fits a ${ctx.mood?.toLowerCase()} mood`],
          [0.5, genreMatch(genres, [...new Set(company)]), `Good to watch with ${ctx.viewingWith?.join(' and ')}`],
        ];
        let score = 0;
        let strongest: [number, string] = [0, ''];
        for (const [w, s, reason] of parts) {
          score += w * s;
          // Device fit alone is rarely worth naming; the other signals are.
          const named = reason === parts[1]![2] ? w * s * 0.6 : w * s;
          if (named > strongest[0]) strongest = [named, reason];
        }
        return { score, reason: strongest[0] > 0 ? strongest[1] : undefined };
      },
    };
  }

  private partOf(ctx: RecommendContext, now: number): DayPart {
    const when = (ctx.time === undefined ? undefined : toEpochMs(ctx.time)) ?? now;
    return dayPart(localHourAndWeekday(when, ctx.timeZone).hour);
  }

  /** The user's positive viewings with their time and the item's genres. */
  private viewings(request: CandidateRequest) {
    const out = [];
    for (const it of request.interactions.values()) {
      const weight = interactionEngagement(it, this.engagement);
      if (weight <= 0) continue;
      out.push({ timestamp: it.lastPositiveTimestamp ?? it.lastTimestamp, timeZone: request.context?.timeZone, genres: this.catalog.genresOf(it.itemId), weight });
    }
    return out;
  }
}
