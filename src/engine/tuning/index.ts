/**
 * The self-optimising part of `fit()`: on a validation split carved from the host's own events,
 * it searches each trainable source's declared settings, the trending half-life and the blend
 * weights per user segment (new, light and heavy users), within a time budget, and keeps what
 * scores best. Settings the host set explicitly are never changed. docs/tuning.md tells the rest.
 */
import type { ListMetric } from '../../algorithms/ranking/list-metrics.js';
import { throwIfAborted } from '../../core/errors.js';
import type { ContentItem, Progress, TrackedEvent } from '../../core/types.js';
import { trainingData } from '../../sources/registry.js';
import { profileParams } from '../profiles.js';
import type { Runtime } from '../runtime.js';
import { allUsers, blendScore, gatherBlendData, withNewcomers, type Judge } from './evaluate.js';
import { carveHoldout, type Holdout } from './holdout.js';
import type { Trial } from './search.js';
import { searchHalfLife, searchSources } from './source-search.js';
import { buildShadow, requestsOf, trainableShadows, validationUsers } from './shadow.js';
import { foldSplits, gatherFolds, popularityLevel, trainFolds } from './folds.js';
import { ARRIVAL_BELOW, chooseArrivalWeights, holdOutArrivals } from './arrivals.js';
import { fadesToTry, tuneFade, tuneSegments, weightsOf, type TunedSegments } from './blend-settings.js';
import { tuneReachAndVariety } from './reach.js';
import type { TunedSettings } from './stored.js';

export type { TunedSettings, WeightSegment } from './stored.js';
export { weightsOf } from './blend-settings.js';

/** How `fit()` tunes. */
export interface TuneOptions {
  /** Seconds the search may take (the final fit comes on top). */
  budgetSeconds: number;
  metric: ListMetric;
  k: number;
  /** `item`: a share of each item's positives (as `sona evaluate`'s stratified split); `random`: any held-out positives; `time`: each user's latest ones. */
  validation: 'item' | 'random' | 'time';
  /** Share of each validation user's positives held out. */
  holdout: number;
  seed: number;
  /** Validation users at most. */
  maxUsers: number;
  /**
   * Relative validation cost accepted, against the most accurate setting, for lists that reach
   * more of the catalogue and vary more (0: the most accurate setting, whatever its reach).
   */
  varietyCost: number;
}

/** What the tuner did, as `FitReport.tuning` gives it. */
export interface TuningReport {
  status: 'tuned' | 'reused' | 'skipped';
  /** Why it was skipped or reused. */
  reason?: string;
  metric?: ListMetric;
  k?: number;
  /** The relative validation cost accepted for reach and variety (`tune.varietyCost`). */
  varietyCost?: number;
  /**
   * The validation split: mode, users, held-out items, the users the blend was tuned on, and the
   * newcomer probes (validation users shown with only their first 1–5 events) that chose the
   * fade-in and the new users' weights, and the arrival probes (the latest-arriving users, held
   * out of the models, shown their first 1–5 events and judged on what they did next), and the
   * cross-fitted folds the blend was judged on (2; 1 on small data or when the budget was spent).
   */
  validation?: { mode: 'item' | 'random' | 'time'; users: number; heldOut: number; blendUsers?: number; newcomers?: number; arrivals?: number; folds?: number };
  /** Every setting tried, per source, with its validation score and fit time. */
  trials: Array<Trial & { source: string }>;
  chosen?: TunedSettings;
  /** Validation scores: each source alone (at its chosen settings), the default blend and the chosen one. */
  scores?: { sources: Record<string, number>; defaults: number; blend: number };
  /**
   * The validation score of the most accurate blend (weights and popularity penalty), and the
   * share of the catalogue the validation users' top-k lists reach with it and with the one served.
   */
  reach?: { accurate: number; coverage: { accurate: number; chosen: number } };
  /** True when the budget or the tuning signal ended the search before it converged. */
  stoppedEarly: boolean;
  seconds: number;
}

/** Fewer validation users or positives than this: nothing reliable to tune on. */
const MIN_USERS = 30;
const MIN_POSITIVES = 300;
/** The blend's share of the budget, reserved from the source searches. */
const BLEND_SHARE = 0.2;
/**
 * The diversity pairs' share, reserved after the blend: without it the weight search ran to the
 * deadline and only the guaranteed pairs were ever tried.
 */
const DIVERSITY_SHARE = 0.1;
/** Validation users the blend weights are chosen on (the first, by the seeded order of the split). */
const MAX_BLEND_USERS = 3000;
/**
 * Newcomer probes (validation users with only their first few events shown) at most, at least
 * (when there are enough), and the share of the gathering time they may take.
 */
const MAX_PROBES = 600;
const MIN_PROBES = 100;
const PROBE_SHARE = 0.2;

/** What the tuner searches on: the catalogue, every user's events, and the fit's arrivals' horizon. */
export interface TuneData {
  items: readonly ContentItem[];
  byUser: ReadonlyMap<string, readonly TrackedEvent[]>;
  /** Users whose first event comes later arrived after the fit (the latest event it saw, never later than now). */
  horizon: number;
}

/** Runs the search. */
export async function tune(
  rt: Runtime,
  { items, byUser, horizon }: TuneData,
  options: TuneOptions,
  run: { onProgress?: (p: Progress) => void; signal?: AbortSignal; stop?: AbortSignal },
): Promise<TuningReport> {
  const started = performance.now();
  const deadline = started + options.budgetSeconds * 1000;
  const elapsed = () => (performance.now() - started) / 1000;
  const progress = () => run.onProgress?.({ stage: 'tune', done: Math.min(options.budgetSeconds, Math.round(elapsed())), total: options.budgetSeconds });
  const judge: Judge = { metric: options.metric, k: options.k };
  const carved = carveHoldout(byUser, {
    mode: options.validation,
    share: options.holdout,
    seed: options.seed,
    maxUsers: options.maxUsers,
    engagement: profileParams(rt.tuning),
  });
  const positives = carved.trainPositives.length + heldOutItems(carved);
  // The latest arrivals leave the split altogether: what they did next judges the arrivals'
  // weights. With the host's weights pinned there are none to choose, and nobody leaves.
  const weighing = !rt.pinned.has('blend.weights');
  const { holdout, arrivals } = weighing ? holdOutArrivals(carved, byUser, profileParams(rt.tuning)) : { holdout: carved, arrivals: [] };
  const report: TuningReport = { status: 'skipped', trials: [], stoppedEarly: false, seconds: 0 };
  if (holdout.heldOut.size < MIN_USERS || positives < MIN_POSITIVES) {
    report.reason = `too little data to tune: ${holdout.heldOut.size} users with two or more positive items (needs ${MIN_USERS}) and ${positives} positive interactions (needs ${MIN_POSITIVES})`;
    report.seconds = elapsed();
    return report;
  }
  Object.assign(report, {
    metric: options.metric,
    k: options.k,
    varietyCost: options.varietyCost,
    validation: { mode: options.validation, users: holdout.heldOut.size, heldOut: heldOutItems(holdout) },
  });
  const now = rt.clock();
  // A source that throws is judged as a request serves it meanwhile: without its part. The
  // settings then say so, and the next fit tunes again (fit.ts), with the source back, it may be.
  const faulted = new Set<string>();
  const onFailure = (source: string, error: unknown) => {
    faulted.add(source);
    rt.sourceFaults.failed(source, error);
  };
  const limit = Math.max(rt.tuning.recommend.minCandidates, Math.ceil(options.k * rt.tuning.recommend.candidateMultiplier));
  const chosen: TunedSettings = { sources: {}, positives, metric: options.metric, k: options.k };

  // The searches run on the first cross-fitted fold; the blend is gathered over every fold.
  const splits = foldSplits(holdout, byUser, options.seed, MIN_USERS);
  const first = splits[0]!;
  const users = await validationUsers(rt, first, limit, now);
  const arrivalUsers = await requestsOf(rt, arrivals, limit, now);
  const shadow = await buildShadow(rt, items, first.trainByUser, rt.tuning.trending.halfLifeDays, onFailure);
  throwIfAborted(run.signal, 'fit');
  progress();

  // Trending's half-life first: cheap, and every shadow reads the same popularity counter.
  const trending = shadow.registry.get('trending');
  if (trending && !shadow.shared.has('trending') && !rt.pinned.has('trending.halfLifeDays')) {
    chosen.halfLifeDays = await searchHalfLife(trending, shadow, first.trainByUser, { users, judge, onTrial: (t) => report.trials.push(t) }, arrivalUsers);
    if (chosen.halfLifeDays !== rt.tuning.trending.halfLifeDays) await shadow.recount();
  }

  // Each trainable source's settings, one trial per source in turn while the budget lasts.
  const searched = await searchSources(rt, trainableShadows(shadow), {
    data: trainingData(first.trainPositives),
    users,
    judge,
    deadline: started + options.budgetSeconds * 1000 * (1 - BLEND_SHARE - DIVERSITY_SHARE),
    refits: splits.length - 1,
    run,
    onFailure,
    onTrial: (trial) => {
      report.trials.push(trial);
      progress();
    },
  });
  if (searched.stoppedEarly) report.stoppedEarly = true;
  Object.assign(chosen.sources, searched.settings);
  const sourceScores: Record<string, number> = { ...searched.scores };
  throwIfAborted(run.signal, 'fit');

  // A further fold's training may take half the blend's share of the budget (the searches kept
  // its expected time from theirs).
  const folds = await trainFolds(rt, items, { split: first, shadow, users }, splits.slice(1), {
    chosen: { halfLifeDays: chosen.halfLifeDays ?? rt.tuning.trending.halfLifeDays, sources: chosen.sources },
    expectedSeconds: searched.refitSeconds,
    until: deadline - options.budgetSeconds * 1000 * (DIVERSITY_SHARE + BLEND_SHARE / 2),
    limit,
    now,
    onFailure,
    signal: run.signal,
    stop: run.stop,
  });
  throwIfAborted(run.signal, 'fit');

  // Blend weights per segment, on every source's scores gathered once: half the blend's time
  // gathers (at least MIN_USERS users), half searches.
  const blendStart = performance.now();
  const blendEnd = Math.max(deadline - options.budgetSeconds * 1000 * DIVERSITY_SHARE, blendStart + options.budgetSeconds * 1000 * BLEND_SHARE);
  const gatherEnd = (blendStart + blendEnd) / 2;
  const { data: blendData, newcomers } = await gatherFolds(rt, folds, {
    limit,
    now,
    start: blendStart,
    end: gatherEnd,
    probeShare: PROBE_SHARE,
    users: { max: MAX_BLEND_USERS, min: MIN_USERS },
    probes: { max: MAX_PROBES, min: MIN_PROBES },
    onFailure,
  });
  // The popularity the penalty weighs: a shadow's counter, at the chosen half-life as served
  // (each fold's for its users; the first fold's for the arrivals, whom no fold trained on).
  const levelOf = popularityLevel(shadow);
  const arrivalData =
    arrivals.length === 0
      ? undefined
      : await gatherBlendData(shadow.registry.sources, arrivalUsers, shadow.context.catalog, {
          deadline: performance.now() + (gatherEnd - blendStart) * PROBE_SHARE,
          minUsers: MIN_PROBES,
          levelOf,
          onFailure,
          timeoutMs: rt.tuning.recommend.sourceTimeoutMs,
        });
  throwIfAborted(run.signal, 'fit');
  let minInteractions = rt.tuning.coldStart.minInteractions;
  const everyone = allUsers(blendData);
  for (const { name } of blendData.sources) {
    // A source that applies to nobody here (no validation user has stated genres, say) has no score.
    if (blendData.users.some((u) => u.applies.some((a) => a.name === name))) {
      sourceScores[name] ??= blendScore(blendData, everyone, () => ({ [name]: 1 }), minInteractions, judge);
    }
  }
  const defaults = blendScore(blendData, everyone, () => rt.tuning.blend.weights, minInteractions, judge);
  if (!rt.pinned.has('coldStart.minInteractions')) {
    const fade = tuneFade(blendData, withNewcomers(blendData), rt.tuning.blend.weights, minInteractions, judge);
    chosen.minInteractions = minInteractions = fade.minInteractions;
    for (const t of fade.trials) report.trials.push({ source: 'fade', ...t });
  }
  let segments: TunedSegments | undefined;
  // Weights chosen for reach may take half the variety cost: given all of it, they can drop every
  // source but the widest-reaching one. The penalties (reach.ts) may then take the whole cost.
  if (weighing) {
    segments = tuneSegments(blendData, rt.tuning.blend.weights, minInteractions, judge, blendEnd, options.seed, options.varietyCost / 2);
  }
  const fixed = () => rt.tuning.blend.weights;
  const accurateWeights = segments ? weightsOf(segments.accurate) : fixed;
  const { accurate, served } = await tuneReachAndVariety(
    rt,
    shadow,
    blendData,
    { accurate: accurateWeights, segments },
    minInteractions,
    judge,
    { cost: options.varietyCost, deadline },
    chosen,
    report.trials,
  );
  if (arrivalData) {
    // Opt-in sources (weight 0, such as the graph walk) stay off, as in the segments' search.
    const names = arrivalData.sources.map((s) => s.name).filter((n) => (rt.tuning.blend.weights[n] ?? 0) > 0);
    const fades = fadesToTry(minInteractions, rt.pinned.has('coldStart.minInteractions'));
    const found = chooseArrivalWeights(arrivalData, served, chosen, { names, fades, judge, deadline, seed: options.seed });
    for (const t of found.trials) report.trials.push({ source: 'arrivals', ...t });
    for (const t of found.fadeTrials) report.trials.push({ source: 'arrivals-fade', ...t });
    if (found.weights) chosen.arrivals = { horizon, below: ARRIVAL_BELOW, weights: found.weights, minInteractions: found.minInteractions };
  }
  if (faulted.size > 0) chosen.faulted = [...faulted].sort();
  const blend = served.score;
  const reach: TuningReport['reach'] = { accurate: accurate.score, coverage: { accurate: accurate.coverage, chosen: served.coverage } };
  Object.assign(report, {
    status: 'tuned',
    chosen,
    scores: { sources: sourceScores, defaults, blend },
    reach,
    validation: { ...report.validation!, blendUsers: everyone.length, newcomers, folds: folds.length, arrivals: arrivalData?.users.length ?? 0 },
    seconds: elapsed(),
  });
  progress();
  return report;
}

/** How many items the split holds out, over all its validation users. */
function heldOutItems(holdout: Holdout): number {
  let n = 0;
  for (const items of holdout.heldOut.values()) n += items.size;
  return n;
}
