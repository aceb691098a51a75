import { describe, expect, it } from 'vitest';
import { dayPartGenreLift, deviceScore, genreMatch, timeScore } from '../../../src/algorithms/context/context-scores.js';
import { createEngine, type ContentItem, type ViewingEvent } from '../../../src/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 10);
const at = (day: number, hour: number) => T0 - day * DAY + hour * 3_600_000;

describe('context scores', () => {
  it('lifts the genres a user watches in this part of the day', () => {
    const viewings = [
      ...[1, 2, 3].map((d) => ({ timestamp: at(d, 21), genres: ['Crime'], weight: 1 })),
      ...[1, 2, 3].map((d) => ({ timestamp: at(d, 8), genres: ['Family'], weight: 1 })),
    ];
    const evening = dayPartGenreLift(viewings, 'evening');
    expect(evening.get('crime')!).toBeGreaterThan(1);
    expect(evening.get('family')!).toBeLessThan(1);
    expect(timeScore(['Crime'], evening)).toBeGreaterThan(timeScore(['Family'], evening));
    expect(dayPartGenreLift(viewings, 'night').size).toBe(0);
  });

  it('fits running time to the device and genres to the mood', () => {
    expect(deviceScore('tv', 120)).toBeGreaterThan(deviceScore('tv', 20));
    expect(deviceScore('mobile', 20)).toBeGreaterThan(deviceScore('mobile', 120));
    expect(deviceScore('tv', undefined)).toBe(0.7);
    expect(genreMatch(['Comedy'], ['comedy', 'family', 'animation'])).toBeGreaterThan(0);
    expect(genreMatch(['Horror'], ['comedy', 'family'])).toBe(0);
  });
});

describe('recommend() with a context', () => {
  // Twelve crime and twelve family films; the user watches crime at night-time hours and
  // family films in the morning, equally often.
  const catalog: ContentItem[] = [
    ...Array.from({ length: 12 }, (_, i) => ({ id: `crime-${i}`, title: `Crime ${i}`, genres: ['Crime'], runtimeMinutes: 120 })),
    ...Array.from({ length: 12 }, (_, i) => ({ id: `family-${i}`, title: `Family ${i}`, genres: ['Family'], runtimeMinutes: 25 })),
  ];
  const events: ViewingEvent[] = [
    ...[0, 1, 2, 3].map((i) => ({ userId: 'u', contentId: `crime-${i}`, type: 'complete' as const, timestamp: at(i + 1, 21) })),
    ...[0, 1, 2, 3].map((i) => ({ userId: 'u', contentId: `family-${i}`, type: 'complete' as const, timestamp: at(i + 1, 8) })),
  ];
  const crimeShare = (items: Array<{ itemId: string }>) => items.filter((r) => r.itemId.startsWith('crime')).length / items.length;

  it('raises the evening genre in the evening and the morning genre in the morning, and says why', async () => {
    // Content alone leans to the crime films (watched a few hours later each day), so the
    // context carries the larger weight here to show the swing from evening to morning.
    const engine = await createEngine({
      clock: () => T0,
      diversity: { lambda: 1, maxGenreShare: 1 },
      blend: { weights: { content: 0.2, trending: 0.2, context: 0.3 } },
    });
    await engine.upsertContent(catalog);
    await engine.track(events);
    const evening = await engine.recommend('u', { count: 6, context: { time: at(0, 21) } });
    const morning = await engine.recommend('u', { count: 6, context: { time: at(0, 8) } });
    expect(crimeShare(evening)).toBeGreaterThan(crimeShare(morning));
    expect(evening[0]!.itemId).toMatch(/^crime/);
    expect(morning[0]!.itemId).toMatch(/^family/);
    expect(evening[0]!.sources.some((s) => s.source === 'context')).toBe(true);
    expect(evening.some((r) => r.explanation === 'Matches your evening picks')).toBe(true);
  });

  it('prefers short items on a phone and family films with kids watching', async () => {
    const engine = await createEngine({ clock: () => T0, diversity: { lambda: 1, maxGenreShare: 1 } });
    await engine.upsertContent(catalog);
    const phone = await engine.recommend('new', { count: 4, context: { device: 'mobile' } });
    expect(crimeShare(phone)).toBe(0);
    const kids = await engine.recommend('new', { count: 4, context: { viewingWith: ['kids'] } });
    expect(crimeShare(kids)).toBe(0);
    expect(kids[0]!.explanation).toBe('Good to watch with kids');
  });
});

describe('weekday and weekend habits', () => {
  // 2024-01-06 is a Saturday, 2024-01-08 a Monday.
  const saturday = (week: number, hour: number) => Date.UTC(2024, 0, 6 + 7 * week, hour);
  const monday = (week: number, hour: number) => Date.UTC(2024, 0, 8 + 7 * week, hour);
  const viewings = [
    ...[0, 1, 2].map((w) => ({ timestamp: saturday(w, 21), genres: ['Horror'], weight: 1 })),
    ...[0, 1, 2].map((w) => ({ timestamp: monday(w, 21), genres: ['Documentary'], weight: 1 })),
  ];

  it('lifts weekend-evening genres on weekend evenings and weekday-evening genres on weekdays', () => {
    const weekendEvening = dayPartGenreLift(viewings, 'evening', true);
    const weekdayEvening = dayPartGenreLift(viewings, 'evening', false);
    expect(weekendEvening.get('horror')!).toBeGreaterThan(weekendEvening.get('documentary')!);
    expect(weekdayEvening.get('documentary')!).toBeGreaterThan(weekdayEvening.get('horror')!);
    // Without the kind of day, both evenings look alike.
    const anyEvening = dayPartGenreLift(viewings, 'evening');
    expect(anyEvening.get('horror')).toBeCloseTo(anyEvening.get('documentary')!, 9);
  });

  it('counts the other kind of day at half weight rather than not at all', () => {
    const onlyWeekdays = viewings.filter((v) => v.genres[0] === 'Documentary');
    const lift = dayPartGenreLift([...onlyWeekdays, { timestamp: monday(0, 8), genres: ['Horror'], weight: 1 }], 'evening', true);
    expect(lift.get('documentary')!).toBeGreaterThan(1);
  });
});
