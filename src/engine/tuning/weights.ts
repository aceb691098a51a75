/**
 * Blend weights by local search on the validation score. The starting points are the current
 * weights, every single source alone and every pair of the strongest sources, so the result is
 * never worse on validation than the best single source. From the best start, each weight in
 * turn is scaled, zeroed or switched on while that improves the score; then random joint
 * perturbations look past the ridges coordinate moves cannot cross. Every point tried is
 * returned too, so a caller can trade a little of the score for another aim (`mostCovering`).
 */
import { seededRandom } from '../../core/random.js';
import { bestAbove } from './search.js';

/** Weights by source name. */
export type Weights = Record<string, number>;

const SCALES = [0, 0.25, 0.5, 2, 4];
const SWITCH_ON = [0.1, 0.3, 1];

/**
 * The best weights found for `score` over `names` in at most `evaluations` evaluations (so the
 * result repeats), stopping earlier at `deadline` (a `performance.now()` time) as a safety net.
 */
export function ascendWeights(
  names: readonly string[],
  start: Weights,
  score: (w: Weights) => number,
  evaluations: number,
  deadline = Infinity,
  seed = 42,
): { weights: Weights; score: number; tried: Array<{ weights: Weights; score: number }> } {
  const evaluated = new Map<string, { weights: Weights; score: number }>();
  let attempts = 0;
  // Attempts, not distinct evaluations, bound the work: perturbations may land on known points.
  const exhausted = () => attempts >= evaluations || performance.now() > deadline;
  const value = (w: Weights) => {
    attempts++;
    const key = JSON.stringify(names.map((n) => w[n]));
    let point = evaluated.get(key);
    if (point === undefined) evaluated.set(key, (point = { weights: w, score: score(w) }));
    return point.score;
  };
  const alone = names.map((n) => ({ ...zero(names), [n]: 1 }));
  const singles = alone.map((w) => ({ w, s: value(w) })).sort((a, b) => b.s - a.s);
  const leaders = singles.slice(0, 4).map((x) => names.find((n) => x.w[n] === 1)!);
  const pairs = leaders.flatMap((a, i) => leaders.slice(i + 1).flatMap((b) => [0.25, 0.5, 0.75].map((t) => ({ ...zero(names), [a]: t, [b]: 1 - t }))));
  let best = { weights: singles[0]!.w, score: singles[0]!.s };
  for (const w of [normalize(names, start), ...pairs]) {
    if (total(w) <= 0 || exhausted()) continue;
    const s = value(w);
    if (s > best.score) best = { weights: w, score: s };
  }
  const offer = (w: Weights) => {
    const n = normalize(names, w);
    if (total(n) <= 0) return false;
    const s = value(n);
    if (s > best.score + 1e-9) {
      best = { weights: n, score: s };
      return true;
    }
    return false;
  };
  for (let improved = true; improved && performance.now() < deadline;) {
    improved = false;
    for (const name of names) {
      const current = best.weights[name]!;
      const tries = current > 0 ? SCALES.map((m) => current * m) : SWITCH_ON;
      for (const next of tries) if (!exhausted() && offer({ ...best.weights, [name]: next })) improved = true;
    }
  }
  const random = seededRandom(seed);
  while (!exhausted()) {
    offer(Object.fromEntries(names.map((n) => [n, best.weights[n]! * Math.exp((random() - 0.5) * 1.4)])));
  }
  return { ...best, tried: [...evaluated.values()] };
}

/**
 * Of the points tried whose score stays within `cost` (relative) of `best`, the one whose lists
 * reach the most distinct items; ties, and a cost of 0, keep `best` itself. Accuracy tuned alone
 * piles every list onto the same popular items; a point a hair less accurate often spreads them
 * further, and that is worth more to a host than the hair.
 */
export function mostCovering(
  tried: ReadonlyArray<{ weights: Weights; score: number }>,
  best: { weights: Weights; score: number },
  cost: number,
  coverage: (w: Weights) => number,
): Weights {
  if (!(cost > 0)) return best.weights;
  const others = tried.filter((t) => t.weights !== best.weights);
  return bestAbove([best, ...others], best.score * (1 - cost), (t) => coverage(t.weights))!.weights;
}

function zero(names: readonly string[]): Weights {
  return Object.fromEntries(names.map((n) => [n, 0]));
}

function total(w: Weights): number {
  return Object.values(w).reduce((a, b) => a + b, 0);
}

/** Scales weights to sum to 1 (the blend is invariant to a common factor), rounded for reading. */
function normalize(names: readonly string[], w: Weights): Weights {
  const t = total(w);
  return Object.fromEntries(names.map((n) => [n, t > 0 ? Number(((w[n] ?? 0) / t).toPrecision(4)) : 0]));
}
