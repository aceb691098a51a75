/**
 * Arrivals: users who came after the fit, whom no model was trained on. The validation split
 * judges a user's lists on items held out across their whole history, which rewards a personal
 * source for a user's first few events; a user who has just arrived goes on, on some data, to
 * watch what everyone watches now (bench/results/cold-start.md: with one event, the blend tuned
 * on validation fell below most-popular). So the tuner also holds the latest-arriving users out
 * of its models altogether, shows each their first 1, 2, 3 or 5 events, and judges the lists on
 * what they did next, as a user cold-start evaluation does. Weights chosen there serve users
 * whose first event came after the fit, while their history is that short.
 */
import { foldInteractions, interactionEngagement, type EngagementParams } from '../../algorithms/profile/engagement.js';
import type { TrackedEvent } from '../../core/types.js';
import { MIN_SEGMENT_USERS, SEGMENT_GAIN } from './blend-settings.js';
import { allUsers, blendScore, type BlendData, type Judge } from './evaluate.js';
import { exposureLevels } from './exposure.js';
import type { Holdout } from './holdout.js';
import type { ScoredBlend } from './reach.js';
import type { Trial } from './search.js';
import type { TunedSettings } from './stored.js';
import type { UserView } from './shadow.js';
import { ascendWeights, type Weights } from './weights.js';

/** History lengths an arrival probe reveals, in turn. */
export const ARRIVAL_REVEALED = [1, 2, 3, 5];
/** Arrivals' weights serve users with fewer events than this (the longest probe, plus one). */
export const ARRIVAL_BELOW = ARRIVAL_REVEALED.at(-1)! + 1;

/**
 * A held-out arrival: the first events, in time order, and the positive items of the events
 * after them (none of the shown ones); the request's `id` is the user's with a suffix, so no
 * source's state about the user stands in.
 */
export interface ArrivalView extends UserView {
  id: string;
  events: TrackedEvent[];
  relevant: Set<string>;
}

/** Arrivals held out at most, and at most this share of the users who could be. */
const MAX_ARRIVALS = 300;
const MAX_SHARE = 0.1;

/**
 * The split with the latest-arriving users (by first event) taken out of it altogether, the
 * training side and validation alike, and their probes: each user shown their first 1, 2, 3 or
 * 5 events in turn (fewer where that leaves nothing after), judged on their positive items
 * after those. A probe needs two events or more and a positive item after the ones shown; at
 * most a tenth of the users with two events or more, and `MAX_ARRIVALS`, leave, so the models
 * keep most of the data. Fewer probes than arrivals' weights need to be chosen
 * (`MIN_SEGMENT_USERS`): nobody leaves, since they would only take data from the split.
 */
export function holdOutArrivals(
  holdout: Holdout,
  byUser: ReadonlyMap<string, readonly TrackedEvent[]>,
  engagement: EngagementParams & { ratingScale: { min: number; max: number } },
): { holdout: Holdout; arrivals: ArrivalView[] } {
  const candidates: Array<{ userId: string; first: number; events: TrackedEvent[] }> = [];
  for (const [userId, events] of byUser) {
    if (events.length < 2) continue;
    const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    candidates.push({ userId, first: ordered[0]!.timestamp, events: ordered });
  }
  candidates.sort((a, b) => b.first - a.first || (a.userId < b.userId ? -1 : 1));
  const max = Math.min(MAX_ARRIVALS, Math.floor(candidates.length * MAX_SHARE));
  const arrivals: ArrivalView[] = [];
  for (const c of candidates) {
    if (arrivals.length >= max) break;
    const turn = ARRIVAL_REVEALED[arrivals.length % ARRIVAL_REVEALED.length]!;
    for (let shown = Math.min(turn, c.events.length - 1); shown >= 1; shown--) {
      const relevant = positivesAfter(c.events, shown, engagement);
      if (relevant.size === 0) continue;
      arrivals.push({ userId: c.userId, id: `${c.userId}\u0000arrival-${shown}`, events: c.events.slice(0, shown), relevant });
      break;
    }
  }
  if (arrivals.length < MIN_SEGMENT_USERS) return { holdout, arrivals: [] };
  const gone = new Set(arrivals.map((a) => a.userId));
  return {
    holdout: {
      ...holdout,
      trainByUser: new Map([...holdout.trainByUser].filter(([u]) => !gone.has(u))),
      trainPositives: holdout.trainPositives.filter((p) => !gone.has(p.userId)),
      heldOut: new Map([...holdout.heldOut].filter(([u]) => !gone.has(u))),
    },
    arrivals,
  };
}

/** The positive items of `events` after the first `shown`, other than those shown. */
function positivesAfter(
  events: readonly TrackedEvent[],
  shown: number,
  engagement: EngagementParams & { ratingScale: { min: number; max: number } },
): Set<string> {
  const seen = new Set(events.slice(0, shown).map((e) => e.contentId));
  const out = new Set<string>();
  for (const it of foldInteractions(events.slice(shown), engagement.ratingScale).values()) {
    if (!seen.has(it.itemId) && interactionEngagement(it, engagement) > 0) out.add(it.itemId);
  }
  return out;
}

/** Weight sets tried for arrivals. */
const ARRIVAL_EVALUATIONS = 150;

/** What the arrivals' search tries: the sources to weigh, and the fade-ins (the served one first). */
export interface ArrivalSearch {
  names: string[];
  fades: readonly number[];
  judge: Judge;
  deadline: number;
  seed: number;
}

/**
 * A fade-in and weights of their own for arrivals, searched on the arrival probes from what they
 * would otherwise be served (`served`, and the first of `fades`), discounted as served (its
 * penalties, and the exposure counts it carries): first each fade-in with the served weights
 * (ties to the served one), then the weights with the best. A setting that ranks the probes
 * showing some number of events more than `SEGMENT_GAIN` worse than the served one does is not
 * taken (a fade-in's trial says `harmless: 0`). The fade-in is the arrivals' own
 * because a user who has just arrived may need more events than the split's users before a
 * personal source knows better than what everyone watches now. Kept only where there are enough
 * probes and they beat the served setting on them clearly (as a segment's must); undefined
 * otherwise. `fadeTrials` are the fade-ins tried.
 */
export function chooseArrivalWeights(
  data: BlendData,
  served: ScoredBlend,
  chosen: TunedSettings,
  { names, fades, judge, deadline, seed }: ArrivalSearch,
): { weights: Weights | undefined; minInteractions: number; trials: Trial[]; fadeTrials: Trial[] } {
  const minInteractions = fades[0]!;
  const users = allUsers(data);
  if (users.length < MIN_SEGMENT_USERS || names.length === 0) return { weights: undefined, minInteractions, trials: [], fadeTrials: [] };
  const level = exposureLevels(chosen.exposure ?? []);
  for (const u of data.users) u.exposure = Float32Array.from(u.items, level);
  const { weightsFor, discount } = served;
  const started = performance.now();
  // Probes by the number of events they show. A user passes through every length, so a setting
  // that loses on one (the first event, say) is not taken, whatever it gains on the others.
  const lengths = new Map<number, number[]>();
  for (const ui of users) {
    const n = data.users[ui]!.interactionCount;
    const group = lengths.get(n);
    if (group) group.push(ui);
    else lengths.set(n, [ui]);
  }
  const groups = [...lengths.values()];
  const perLength = (weightsAt: (n: number) => Weights, fadeIn: number) => groups.map((g) => blendScore(data, g, weightsAt, fadeIn, judge, discount));
  const servedScores = perLength(weightsFor, minInteractions);
  const harmless = (scores: number[]) => scores.every((s, i) => s >= servedScores[i]! * (1 - SEGMENT_GAIN));
  const overall = (scores: number[]) => scores.reduce((sum, s, i) => sum + s * groups[i]!.length, 0) / users.length;
  const judged = (scores: number[]) => (harmless(scores) ? overall(scores) : -Infinity);
  const fadeTrials: Trial[] = [];
  let fade = { minInteractions, score: -Infinity };
  for (const m of fades) {
    const t0 = performance.now();
    const scores = m === minInteractions ? servedScores : perLength(weightsFor, m);
    fadeTrials.push({ settings: { minInteractions: m, harmless: harmless(scores) ? 1 : 0 }, score: overall(scores), seconds: (performance.now() - t0) / 1000 });
    if (judged(scores) > fade.score) fade = { minInteractions: m, score: judged(scores) };
  }
  const baseline = overall(servedScores);
  const score = (w: Weights) => judged(perLength(() => w, fade.minInteractions));
  // At least a second, even past the deadline: the search comes last.
  const own = ascendWeights(names, weightsFor(1), score, ARRIVAL_EVALUATIONS, Math.max(deadline, performance.now() + 1000), seed);
  const seconds = (performance.now() - started) / 1000;
  const trials: Trial[] = [
    { settings: { own: 0 }, score: baseline, seconds: 0 },
    { settings: { own: 1 }, score: own.score, seconds },
  ];
  const kept = own.score > baseline * (1 + SEGMENT_GAIN);
  return { weights: kept ? own.weights : undefined, minInteractions: kept ? fade.minInteractions : minInteractions, trials, fadeTrials };
}

/** True when a user's history makes them an arrival: their first event came after `horizon`, and they have fewer than `below` events. */
export function isArrival(arrivals: { horizon: number; below: number }, interactionCount: number, firstEventAt: number | undefined): boolean {
  return firstEventAt !== undefined && interactionCount > 0 && interactionCount < arrivals.below && firstEventAt > arrivals.horizon;
}
