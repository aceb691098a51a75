/**
 * Context-aware scoring: how well an item suits the moment (the user's own viewing at this part
 * of the day), the device (running time), the mood and the company. Pure functions; each part
 * returns a score in [0, 1].
 */
import { localHourAndWeekday } from '../../core/time.js';
import type { DeviceType } from '../../core/types.js';

/** Time-of-day band of an hour: night 0-5, morning 6-11, afternoon 12-17, evening 18-23. */
export type DayPart = 'night' | 'morning' | 'afternoon' | 'evening';

export function dayPart(hour: number): DayPart {
  return hour < 6 ? 'night' : hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
}

/** The original SONA mood table (sona-reference §6), lower-case genres. */
export const MOOD_GENRES: Readonly<Record<string, readonly string[]>> = {
  happy: ['comedy', 'family', 'animation'],
  joyful: ['comedy', 'family', 'animation'],
  cheerful: ['comedy', 'family', 'animation'],
  sad: ['drama', 'romance'],
  melancholy: ['drama', 'romance'],
  somber: ['drama', 'romance'],
  excited: ['action', 'adventure', 'thriller'],
  energetic: ['action', 'adventure', 'thriller'],
  pumped: ['action', 'adventure', 'thriller'],
  relaxed: ['documentary', 'nature', 'lifestyle'],
  calm: ['documentary', 'nature', 'lifestyle'],
  peaceful: ['documentary', 'nature', 'lifestyle'],
  scared: ['horror', 'thriller'],
  fearful: ['horror', 'thriller'],
  romantic: ['romance', 'drama'],
  loving: ['romance', 'drama'],
  curious: ['documentary', 'mystery', 'sci-fi'],
  intrigued: ['documentary', 'mystery', 'sci-fi'],
  nostalgic: ['classic', 'drama'],
  reminiscent: ['classic', 'drama'],
};

/** Genres that suit watching with others, by who is watching along. */
export const COMPANY_GENRES: Readonly<Record<string, readonly string[]>> = {
  family: ['family', 'animation', 'comedy', 'adventure'],
  kids: ['family', 'animation'],
  children: ['family', 'animation'],
  partner: ['romance', 'comedy', 'drama'],
  friends: ['comedy', 'action', 'horror', 'thriller'],
};

/** A positive viewing in the user's history, for learning their day-part genres. */
export interface TimedViewing {
  timestamp: number;
  timeZone?: string | undefined;
  genres: readonly string[] | undefined;
  weight: number;
}

/** Saturday or Sunday. */
export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

/**
 * Genre lift of one moment of the week for a user: P(genre | moment) / P(genre), both smoothed
 * (add-one), so a genre the user watches mostly in the evening has lift > 1 in the evening.
 * The moment is a part of the day and, when `weekend` is given, the kind of day: viewings in
 * the same part of the other kind of day count half, so weekend habits show without needing
 * many weekend viewings.
 */
export function dayPartGenreLift(viewings: readonly TimedViewing[], part: DayPart, weekend?: boolean): Map<string, number> {
  const inPart = new Map<string, number>();
  const overall = new Map<string, number>();
  let partTotal = 0;
  let total = 0;
  for (const v of viewings) {
    const when = localHourAndWeekday(v.timestamp, v.timeZone);
    const here = dayPart(when.hour) !== part ? 0 : weekend === undefined || isWeekend(when.weekday) === weekend ? 1 : 0.5;
    for (const raw of v.genres ?? []) {
      const g = raw.toLowerCase();
      overall.set(g, (overall.get(g) ?? 0) + v.weight);
      total += v.weight;
      if (here > 0) {
        inPart.set(g, (inPart.get(g) ?? 0) + here * v.weight);
        partTotal += here * v.weight;
      }
    }
  }
  const lift = new Map<string, number>();
  if (partTotal === 0) return lift;
  const kinds = overall.size;
  for (const [g, n] of overall) lift.set(g, ((inPart.get(g) ?? 0) + 1) / (partTotal + kinds) / ((n + 1) / (total + kinds)));
  return lift;
}

/** Day-part score of an item: log-lift of its best genre, scaled so a four-fold lift scores 1. */
export function timeScore(genres: readonly string[] | undefined, lift: ReadonlyMap<string, number>): number {
  let best = 0;
  for (const g of genres ?? []) best = Math.max(best, Math.log(lift.get(g.toLowerCase()) ?? 1) / Math.log(4));
  return Math.min(1, best);
}

/**
 * Device fit by running time: on a TV long films fit best (≥ 60 min 1, ≥ 30 min 0.8, shorter
 * 0.5); on a phone or tablet short ones (≤ 30 min 1, ≤ 60 min 0.8, longer 0.3); desktop 0.9.
 * Unknown running time 0.7, as in the original.
 */
export function deviceScore(device: DeviceType, runtimeMinutes: number | undefined): number {
  if (runtimeMinutes === undefined) return 0.7;
  if (device === 'tv') return runtimeMinutes >= 60 ? 1 : runtimeMinutes >= 30 ? 0.8 : 0.5;
  if (device === 'mobile' || device === 'tablet') return runtimeMinutes <= 30 ? 1 : runtimeMinutes <= 60 ? 0.8 : 0.3;
  return 0.9;
}

/** Share of a wanted genre list an item matches (0 when nothing is wanted). */
export function genreMatch(genres: readonly string[] | undefined, wanted: readonly string[]): number {
  if (wanted.length === 0 || !genres?.length) return 0;
  const mine = new Set(genres.map((g) => g.toLowerCase()));
  const hits = wanted.filter((g) => mine.has(g)).length;
  return hits > 0 ? Math.min(1, 0.5 + hits / wanted.length) : 0;
}
