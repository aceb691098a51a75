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
  else if (typeof input === 'string') ms = parseIso(input);
  else return undefined;
  // Years 1 to 9999: every store (PostgreSQL's timestamptz included) can hold these.
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS ? ms : undefined;
}

/**
 * An ISO-8601 date or date-time (the RFC 3339 profile: `2024-05-01`, `2024-05-01T20:30`,
 * `…:15.250Z`, `…+02:00`; a space may stand for the `T`) as `Date.parse` reads it (a date alone
 * is UTC, a date-time without a zone local time); NaN for anything else. `Date.parse` alone takes
 * "hello 2" for 2001 and 30 February for 1 March.
 */
function parseIso(given: string): number {
  const text = given.trim();
  const m = ISO_TIME.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return NaN;
  return Date.parse(text);
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year`, by the Gregorian calendar. */
function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
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
