/**
 * The blend's own settings on the gathered validation data: the fade-in of personal sources,
 * and the weights per segment (new, light, heavy users), each first for accuracy, then, within
 * the variety cost, for the reach of the lists (the penalties are in reach.ts).
 */
import { allUsers, blendOutcome, blendScore, withNewcomers, type BlendData, type Judge } from './evaluate.js';
import { valuesToTry, type Trial } from './search.js';
import type { WeightSegment } from './stored.js';
import { ascendWeights, mostCovering, type Weights } from './weights.js';

/** Weight sets tried for all users, and for each segment. */
const GLOBAL_EVALUATIONS = 300;
const SEGMENT_EVALUATIONS = 150;
/** A segment keeps the weights of all unless its own beat them by this much on its users. */
export const SEGMENT_GAIN = 0.01;
/** A segment needs this many validation users to get weights of its own. */
export const MIN_SEGMENT_USERS = 25;

/** History lengths tried for the fade-in of personal sources (with the configured one). */
const FADES = [1, 2, 5, 10, 20, 50];

/** The fade-ins to try: the configured one first, then the others (only the configured one when pinned). */
export function fadesToTry(configured: number, pinned: boolean): number[] {
  return valuesToTry(configured, pinned, FADES);
}

/**
 * How many events a user needs before personal sources carry their full weight: the fade-in
 * that ranks validation users best with `weights` (the configured value wins ties). Data where
 * a few events already say much wants a short fade; popularity-led data a long one.
 */
export function tuneFade(data: BlendData, users: number[], weights: Weights, configured: number, judge: Judge): { minInteractions: number; trials: Trial[] } {
  const trials: Trial[] = [];
  let best = { minInteractions: configured, score: -Infinity };
  for (const m of fadesToTry(configured, false)) {
    const started = performance.now();
    const score = blendScore(data, users, () => weights, m, judge);
    trials.push({ settings: { minInteractions: m }, score, seconds: (performance.now() - started) / 1000 });
    if (score > best.score) best = { minInteractions: m, score };
  }
  return { minInteractions: best.minInteractions, trials };
}

/** The weights of the segment a history length falls in. */
export function weightsOf(segments: readonly WeightSegment[]): (interactionCount: number) => Weights {
  return (n) => (segments.find((s) => s.below === null || n < s.below) ?? segments.at(-1)!).weights;
}

/** The most accurate blend weights per segment, and those chosen for their reach within the cost. */
export interface TunedSegments {
  accurate: WeightSegment[];
  chosen: WeightSegment[];
}

/**
 * Weights for all users, then for new users (fewer than `minInteractions`), light and heavy ones
 * (split at the median history of the rest) where each has enough validation users and its own
 * weights clearly beat the global ones there; otherwise a segment keeps the weights of all.
 * Each level also picks, within `varietyCost` of its most accurate weights, the ones that reach
 * the most distinct items (`mostCovering`).
 */
export function tuneSegments(
  data: BlendData,
  start: Weights,
  minInteractions: number,
  judge: Judge,
  deadline: number,
  seed: number,
  varietyCost: number,
): TunedSegments {
  // Only sources with weight in the blend take part: opt-in ones (weight 0, such as the graph
  // walk) stay off unless the host gives them a weight.
  const names = data.sources.map((s) => s.name).filter((n) => (start[n] ?? 0) > 0);
  const everyone = allUsers(data);
  const scoreOn = (users: number[]) => (w: Weights) => blendScore(data, users, () => w, minInteractions, judge);
  const reachOn = (users: number[]) => (w: Weights) => blendOutcome(data, users, () => w, minInteractions, judge).reach;
  const counts = data.users.map((u) => u.interactionCount);
  const settled = everyone.filter((i) => counts[i]! >= minInteractions).sort((a, b) => counts[a]! - counts[b]!);
  const median = settled.length > 0 ? Math.max(minInteractions + 1, counts[settled[settled.length >> 1]!]!) : minInteractions + 1;
  const segments = (
    [
      { name: 'new', below: minInteractions, users: withNewcomers(data).filter((i) => counts[i]! < minInteractions) },
      { name: 'light', below: median, users: everyone.filter((i) => counts[i]! >= minInteractions && counts[i]! < median) },
      { name: 'heavy', below: null, users: everyone.filter((i) => counts[i]! >= median) },
    ] satisfies Array<{ name: WeightSegment['name']; below: number | null; users: number[] }>
  ).filter((s) => s.below === null || s.below > 0);
  // The global search may take half the time when segments search after it, and each segment
  // an equal part of what is left: the global search alone used to run to the deadline, and
  // the segments were cut off after their first few weightings.
  let searching = segments.filter((s) => s.users.length >= MIN_SEGMENT_USERS).length;
  const share = (parts: number) => performance.now() + (deadline - performance.now()) / parts;
  const all = ascendWeights(names, start, scoreOn(everyone), GLOBAL_EVALUATIONS, searching > 0 ? share(2) : deadline, seed);
  const global = { accurate: all.weights, chosen: mostCovering(all.tried, all, varietyCost, reachOn(everyone)) };
  const tuned = segments.map((s, i) => {
    const keepGlobal = { name: s.name, below: s.below, ...global };
    if (s.users.length < MIN_SEGMENT_USERS) return keepGlobal;
    const own = ascendWeights(names, global.accurate, scoreOn(s.users), SEGMENT_EVALUATIONS, share(searching--), seed + i + 1);
    // Fewer users than the whole: weights of its own must clearly beat the global ones on them.
    if (!(own.score > scoreOn(s.users)(global.accurate) * (1 + SEGMENT_GAIN))) return keepGlobal;
    return { name: s.name, below: s.below, accurate: own.weights, chosen: mostCovering(own.tried, own, varietyCost, reachOn(s.users)) };
  });
  const accurate = tuned.map(({ name, below, accurate }) => ({ name, below, weights: accurate }));
  // The same array when reach changed nothing, so callers can tell and skip evaluating it twice.
  if (tuned.every((t) => t.chosen === t.accurate)) return { accurate, chosen: accurate };
  return { accurate, chosen: tuned.map(({ name, below, chosen }) => ({ name, below, weights: chosen })) };
}
