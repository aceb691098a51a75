import { describe, expect, it } from 'vitest';
import { foldInteractions } from '../../../src/algorithms/profile/engagement.js';
import { genreAffinities } from '../../../src/algorithms/profile/genre-affinity.js';
import { buildPreferenceVector, decayWeight } from '../../../src/algorithms/profile/preference-vector.js';
import { temporalPatterns, uniformPatterns } from '../../../src/algorithms/profile/temporal.js';
import { DAY_MS } from '../../../src/core/time.js';
import type { TrackedEvent } from '../../../src/core/types.js';
import { norm } from '../../../src/core/vector.js';

const params = {
  weights: { completion: 0.4, rating: 0.3, rewatch: 0.2, dismiss: -0.5 },
  minCompletion: 0.3,
  ratingScale: { min: 1, max: 5 },
  decayRate: 0.95,
  decayPeriodDays: 30,
  genreAffinityRate: 0.1,
  genreAffinityPrior: 0.5,
};
const NOW = Date.UTC(2024, 5, 1);

function ev(contentId: string, type: TrackedEvent['type'], daysAgo: number, extra: Partial<TrackedEvent> = {}): TrackedEvent {
  return { id: `${contentId}-${type}-${daysAgo}`, userId: 'u', contentId, type, rewatch: false, timestamp: NOW - daysAgo * DAY_MS, ...extra };
}

const e = (...xs: number[]) => Float32Array.from(xs);
const embeddings = new Map([
  ['a', e(1, 0, 0)],
  ['b', e(0, 1, 0)],
  ['c', e(0, 0, 1)],
]);

describe('decayWeight', () => {
  it('is 0.95 per 30 days: 1 now, 0.95 at 30 days, 0.857375 at 90 days', () => {
    expect(decayWeight(0, 0.95, 30)).toBe(1);
    expect(decayWeight(30 * DAY_MS, 0.95, 30)).toBeCloseTo(0.95, 12);
    expect(decayWeight(90 * DAY_MS, 0.95, 30)).toBeCloseTo(0.857375, 12);
    expect(decayWeight(-DAY_MS, 0.95, 30)).toBe(1);
  });
});

describe('buildPreferenceVector', () => {
  const build = (events: TrackedEvent[]) =>
    buildPreferenceVector(foldInteractions(events, params.ratingScale).values(), (id) => embeddings.get(id), 3, params, NOW);

  it('is the engagement- and decay-weighted mean direction of watched items', () => {
    // a: completed today (0.55); b: completed 30 days ago (0.55 × 0.95)
    const v = build([ev('a', 'complete', 0), ev('b', 'complete', 30)]);
    const wa = 0.55;
    const wb = 0.55 * 0.95;
    const n = Math.hypot(wa, wb);
    expect(v[0]).toBeCloseTo(wa / n, 6);
    expect(v[1]).toBeCloseTo(wb / n, 6);
    expect(v[2]).toBe(0);
    expect(norm(v)).toBeCloseTo(1, 6);
  });

  it('weights a rated, rewatched item above a barely watched one', () => {
    const v = build([ev('a', 'rate', 0, { rating: 5, completion: 1, rewatch: true }), ev('b', 'view', 0, { completion: 0.3 })]);
    // 0.9 against 0.275
    expect(v[0]! / v[1]!).toBeCloseTo(0.9 / 0.275, 5);
  });

  it('skips items under the minimum completion and items without an embedding', () => {
    const v = build([ev('a', 'view', 0, { completion: 0.1 }), ev('zz', 'complete', 0), ev('c', 'complete', 0)]);
    expect(Array.from(v)).toEqual([0, 0, 1]);
  });

  it('is all zeros, never NaN, when every weight is 0', () => {
    const v = build([ev('a', 'dismiss', 0), ev('b', 'dislike', 0)]);
    expect(Array.from(v)).toEqual([0, 0, 0]);
  });
});

describe('genreAffinities', () => {
  const genres = new Map([
    ['a', ['Crime']],
    ['b', ['Crime', 'Drama']],
  ]);

  it("moves each genre 10% of the way to the event's engagement, oldest first", () => {
    const aff = genreAffinities([ev('b', 'dismiss', 0), ev('a', 'complete', 1)], (id) => genres.get(id), params);
    const afterComplete = 0.9 * 0.5 + 0.1 * 0.55; // 0.505
    expect(aff.crime).toBeCloseTo(0.9 * afterComplete, 12); // then the dismissal (evidence 0)
    expect(aff.drama).toBeCloseTo(0.9 * 0.5, 12);
  });

  it('ignores events that carry no evidence', () => {
    expect(genreAffinities([ev('a', 'click', 0)], (id) => genres.get(id), params)).toEqual({});
  });
});

describe('temporalPatterns', () => {
  it('is uniform without events', () => {
    expect(temporalPatterns([], params)).toEqual(uniformPatterns());
  });

  it("puts the engagement in the viewer's local hour and weekday", () => {
    // 2024-01-15 19:30 UTC is a Monday, 20:30 in Brussels (UTC+1 in winter).
    const t = Date.UTC(2024, 0, 15, 19, 30);
    const event: TrackedEvent = {
      id: 'x',
      userId: 'u',
      contentId: 'a',
      type: 'complete',
      rewatch: false,
      timestamp: t,
      context: { timeZone: 'Europe/Brussels' },
    };
    const p = temporalPatterns([event], params);
    // Laplace smoothing: (1 + 0.55) / (24 + 0.55) at hour 20, 1 / 24.55 elsewhere.
    expect(p.hourly[20]).toBeCloseTo(1.55 / 24.55, 12);
    expect(p.hourly[19]).toBeCloseTo(1 / 24.55, 12);
    expect(p.weekday[1]).toBeCloseTo(1.55 / 7.55, 12);
    expect(p.hourly.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
