/**
 * The level a popularity or exposure penalty weighs: a count on a log scale, 0 for none and 1 for
 * the largest, because interest in a catalogue spans orders of magnitude and a penalty on the
 * raw share would touch only the very head.
 */

/** Shares of the largest count below 1/LEVEL_SCALE count as almost none. */
const LEVEL_SCALE = 1000;

/** `count` against the largest count `max`, on a log scale from 0 to 1 (0 when either is not positive). */
export function logLevel(count: number, max: number): number {
  if (!(count > 0) || !(max > 0)) return 0;
  return Math.log1p((Math.min(count, max) / max) * LEVEL_SCALE) / Math.log1p(LEVEL_SCALE);
}
