/**
 * The tuner's search of each trainable source's own settings on the validation users: one trial
 * per source in turn while the time lasts, the source that has had the least time first.
 */
import { interestWeight } from '../../algorithms/popularity/interest.js';
import { throwIfAborted, untilAborted } from '../../core/errors.js';
import type { TrackedEvent } from '../../core/types.js';
import type { Source, TrainingData } from '../../sources/source.js';
import type { Runtime } from '../runtime.js';
import { sourceScore, type Judge } from './evaluate.js';
import { SEGMENT_GAIN } from './blend-settings.js';
import { CompassSearch, type Settings, type Trial } from './search.js';
import { byTime, type Shadow, type ValidationUser } from './shadow.js';

/** What the source searches run on, and whom they tell. */
export interface SourceSearchRun {
  data: TrainingData;
  users: readonly ValidationUser[];
  judge: Judge;
  /** No new trial starts past this `performance.now()` time (every source's first trial runs). */
  deadline: number;
  /**
   * Trainings of every source still to come after the search (a cross-fitted fold's models):
   * the time each source's latest trial took is kept from the deadline that many times.
   */
  refits?: number;
  run: { signal?: AbortSignal; stop?: AbortSignal };
  /** Hears of a source that threw while it trained or ranked. */
  onFailure: (source: string, error: unknown) => void;
  onTrial: (trial: Trial & { source: string }) => void;
}

/**
 * Each source's best settings and validation score, the shadow sources left trained with them,
 * and the seconds training all of them once more is expected to take (`refitSeconds`).
 * The source that has had the least time goes next, so cheap models get many trials and an
 * expensive one (EASE's cubic fit) cannot starve them. A source that throws takes no more
 * trials: its best so far stands, and one with no trial through keeps its settings.
 */
export async function searchSources(
  rt: Runtime,
  sources: readonly Source[],
  { data, users, judge, deadline, refits = 0, run, onFailure, onTrial }: SourceSearchRun,
): Promise<{ settings: Record<string, Settings>; scores: Record<string, number>; stoppedEarly: boolean; refitSeconds: number }> {
  const fitRun = run.signal ? { signal: run.signal } : {};
  const searches = sources.map((source) => ({ source, search: searchFor(rt, source), last: 0, done: false, failed: false }));
  // Training every source once more is expected to take what its latest trial did.
  const refitSeconds = () => searches.reduce((sum, e) => sum + e.last, 0);
  let stoppedEarly = false;
  for (;;) {
    const open = searches.filter((e) => !e.done);
    if (open.length === 0) break;
    const entry = open.find((e) => !e.search.incumbent) ?? open.reduce((a, b) => (b.search.seconds < a.search.seconds ? b : a));
    throwIfAborted(run.signal, 'fit');
    // Every source's first trial runs: without it the source could not take part in the blend.
    const reserved = refits * refitSeconds();
    if (entry.search.incumbent && (run.stop?.aborted || performance.now() + (entry.last + reserved) * 1000 > deadline)) {
      entry.done = stoppedEarly = true;
      continue;
    }
    const settings = entry.search.next();
    if (!settings) {
      entry.done = true;
      continue;
    }
    const t0 = performance.now();
    let score: number;
    try {
      await untilAborted(entry.source.fit!(data, fitRun, settings), run.signal, 'fit');
      score = await untilAborted(sourceScore(entry.source, users, judge), run.signal, 'fit');
    } catch (error) {
      // An abort ends the fit; any other throw ends this source's search.
      if (run.signal?.aborted) throw error;
      onFailure(entry.source.name, error);
      entry.done = entry.failed = true;
      continue;
    }
    const trial = { settings, score, seconds: (performance.now() - t0) / 1000 };
    entry.search.report(trial);
    entry.last = trial.seconds;
    onTrial({ source: entry.source.name, ...trial });
  }
  const out = { settings: {} as Record<string, Settings>, scores: {} as Record<string, number>, stoppedEarly, refitSeconds: refitSeconds() };
  for (const { source, search, failed } of searches) {
    const best = search.incumbent;
    if (!best) continue;
    out.settings[source.name] = best.settings;
    out.scores[source.name] = best.score;
    // The shadow must hold the winner for the blend that follows.
    if (search.trials.at(-1) === best && !failed) continue;
    try {
      await untilAborted(source.fit!(data, fitRun, best.settings), run.signal, 'fit');
    } catch (error) {
      if (run.signal?.aborted) throw error;
      onFailure(source.name, error);
    }
  }
  return out;
}

/** Half-lives tried for trending, in days (the last is effectively all-time popularity). */
const HALF_LIVES = [1, 7, 30, 180, 3650];

/**
 * Trending's half-life: each of `HALF_LIVES`, the shadow's popularity counter recounted from the
 * training events and trending scored alone on the validation users. Of the half-lives within
 * `SEGMENT_GAIN` of the best there, the best on the `arrivals` probes (when there are any) is
 * chosen: established users' held-out items, spread over their whole history, barely tell a
 * half-life of half a year from all-time popularity, and users who just arrived, for whom
 * trending is most of the list, can. Their trials are reported as `trending-arrivals`. Leaves
 * the counter at the half-life chosen, and returns it.
 */
export async function searchHalfLife(
  trending: Source,
  shadow: Shadow,
  trainByUser: ReadonlyMap<string, readonly TrackedEvent[]>,
  { users, judge, onTrial }: Pick<SourceSearchRun, 'users' | 'judge' | 'onTrial'>,
  arrivals: readonly ValidationUser[] = [],
): Promise<number> {
  const events = byTime(trainByUser);
  const { popularity, catalog } = shadow.context;
  const recount = (h: number) => {
    popularity.reset(h);
    for (const e of events) popularity.add(catalog.ids.intern(e.contentId), interestWeight(e), e.timestamp);
  };
  const tried: Array<{ halfLifeDays: number; score: number; arrivals: number }> = [];
  for (const halfLifeDays of HALF_LIVES) {
    const t0 = performance.now();
    recount(halfLifeDays);
    const trial = { settings: { halfLifeDays }, score: await sourceScore(trending, users, judge), seconds: (performance.now() - t0) / 1000 };
    onTrial({ source: trending.name, ...trial });
    let arrived = 0;
    if (arrivals.length > 0) {
      const t1 = performance.now();
      arrived = await sourceScore(trending, arrivals, judge);
      onTrial({ source: `${trending.name}-arrivals`, settings: { halfLifeDays }, score: arrived, seconds: (performance.now() - t1) / 1000 });
    }
    tried.push({ halfLifeDays, score: trial.score, arrivals: arrived });
  }
  // Ties go to the best on validation users, then to the shorter half-life.
  const best = tried.reduce((a, b) => (b.score > a.score ? b : a));
  const near = tried.filter((t) => t.score >= best.score * (1 - SEGMENT_GAIN));
  const chosen = near.reduce((a, b) => (b.arrivals > a.arrivals ? b : a), best);
  recount(chosen.halfLifeDays);
  return chosen.halfLifeDays;
}

/**
 * The search over a source's free tunables: from the settings tuned last time, else from its
 * current ones and its presets (limited to the settings the host did not pin).
 */
function searchFor(rt: Runtime, source: Source): CompassSearch {
  const free = freeTunables(rt, source);
  const keys = new Set(free.map((t) => t.key));
  const presets = rt.tuned?.sources[source.name] ? [] : (source.presets ?? []).map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => keys.has(k))));
  return new CompassSearch(free, startSettings(rt, source), presets);
}

/** The tunables of `source` the host did not pin. */
function freeTunables(rt: Runtime, source: Source) {
  const key = rt.settingsKeys.get(source.name);
  return (source.tunables ?? []).filter((t) => !(key && rt.pinned.has(`${key}.${t.key}`)));
}

/** Where a search starts: the settings tuned last time, else the source's current ones. */
function startSettings(rt: Runtime, source: Source): Settings {
  return { ...(source.settings ?? {}), ...(rt.tuned?.sources[source.name] ?? {}) };
}
