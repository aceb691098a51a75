import type { TimeInput } from './types.js';

/** 0001-01-01T00:00:00Z, the earliest instant SONA accepts. */
export const MIN_TIME_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999Z, the latest instant SONA accepts. */
export const MAX_TIME_MS = 253_402_300_799_999;

/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/**
 * Converts a Date, epoch-millisecond number or ISO-8601 string to epoch milliseconds.
 * Returns undefined for anything that does not denote a real instant (NaN, Infinity,
 * an unparseable string), so callers can report the field.
 */
export function toEpochMs(input: TimeInput): number | undefined {
  let ms: number;
  if (input instanceof Date) ms = input.getTime();
  else if (typeof input === 'number') ms = input;
  else if (typeof input === 'string' && input.trim() !== '') ms = Date.parse(input);
  else return undefined;
  // Years 1 to 9999: every store (PostgreSQL's timestamptz included) can hold these.
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS ? ms : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Hour (0..23) and weekday (0 = Sunday) of an instant in an IANA time zone (default UTC). */
export function localHourAndWeekday(epochMs: number, timeZone = 'UTC'): { hour: number; weekday: number } {
  if (timeZone === 'UTC') {
    const d = new Date(epochMs);
    return { hour: d.getUTCHours(), weekday: d.getUTCDay() };
  }
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    formatters.set(timeZone, fmt);
  }
  let hour = 0;
  let weekday = 0;
  for (const part of fmt.formatToParts(epochMs)) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
  }
  return { hour, weekday: Math.max(0, weekday) };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
