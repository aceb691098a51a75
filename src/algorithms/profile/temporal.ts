/**
 * Temporal patterns: when in the day and week a user engages, as Laplace-smoothed shares of
 * their engagement per hour (24) and weekday (7) in the viewer's time zone. Smoothing with one
 * pseudo-unit per slot keeps a user with few events close to uniform instead of certain.
 */
import { localHourAndWeekday } from '../../core/time.js';
import type { TemporalPatterns, TrackedEvent } from '../../core/types.js';
import { eventEvidence, type EngagementParams } from './engagement.js';

/** Uniform patterns: what a user with no events gets. */
export function uniformPatterns(): TemporalPatterns {
  return { hourly: new Array<number>(24).fill(1 / 24), weekday: new Array<number>(7).fill(1 / 7) };
}

/** Computes smoothed hourly and weekday engagement shares from a user's events. */
export function temporalPatterns(events: readonly TrackedEvent[], params: EngagementParams): TemporalPatterns {
  const hourly = new Array<number>(24).fill(1);
  const weekday = new Array<number>(7).fill(1);
  for (const event of events) {
    const evidence = eventEvidence(event, params);
    if (!evidence) continue;
    const { hour, weekday: day } = localHourAndWeekday(event.timestamp, event.context?.timeZone);
    hourly[hour]! += evidence;
    weekday[day]! += evidence;
  }
  return { hourly: shares(hourly), weekday: shares(weekday) };
}

function shares(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / total);
}
