import { foldInteractions, interactionEngagement } from '../algorithms/profile/engagement.js';
import { throwIfAborted } from '../core/errors.js';
import { log } from '../core/telemetry.js';
import type { ContentItem, TrackedEvent } from '../core/types.js';
import { itemText } from '../embeddings/types.js';
import { trainingData } from '../sources/registry.js';
import { embedCatalog } from './catalog-embedding.js';
import type { FitOptions } from './option-inputs.js';
import { profileParams, rebuildProfile } from './profiles.js';
import type { FitReport } from './reports.js';
import { refreshAllLists } from './lists.js';
import type { Runtime } from './runtime.js';
import type { EventRead } from './event-counting.js';
import { REPLAY_BATCH } from './replay.js';
import { tunedHalfLife } from './served-snapshot.js';
import { encodeModels, MODEL_SNAPSHOT } from './snapshot.js';
import { withLiveExposure } from './tuning/live-exposure.js';
import { tune, type TuneData, type TuneOptions, type TuningReport } from './tuning/index.js';

/** Defaults of `fit({ tune })` (docs/tuning.md). */
export const TUNE_DEFAULTS: TuneOptions = {
  budgetSeconds: 40,
  metric: 'ndcg',
  k: 10,
  validation: 'item',
  holdout: 0.2,
  seed: 42,
  maxUsers: 5000,
  varietyCost: 0.02,
};

/** A later fit tunes again once the positive interactions have grown by this share. */
export const RETUNE_GROWTH = 0.5;

/**
 * The stages of `engine.fit()`: catalogue scan, embedder statistics and re-embedding, events
 * read, the tuner (when due), every event replayed into the sources' state, the trainable
 * sources trained with the chosen settings and published as a snapshot, every profile rebuilt.
 */
export async function fitEngine(rt: Runtime, options: FitOptions): Promise<FitReport> {
  const { stores, embedder, tuning } = rt;
  const started = performance.now();
  const { onProgress, signal } = options;
  const items: ContentItem[] = [];
  for await (const batch of stores.content.scan({ batchSize: 1000 })) {
    throwIfAborted(signal, 'fit');
    items.push(...batch);
  }
  onProgress?.({ stage: 'catalog', done: items.length, total: items.length });
  if (typeof embedder.fit === 'function') await embedder.fit(items.map(itemText));
  // A refitted embedder has a new model id, so every fingerprint is stale and all re-embed.
  const embedding = await embedCatalog(embedder, stores, {
    batchSize: 256,
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress: (p) => onProgress({ ...p, stage: 'embed' }) } : {}),
  });
  // Events tracked or heard from now on are counted with the stored ones, once each.
  const read = rt.counting.read();
  const { byUser, events, positives, tuningReport } = await readAndTune(rt, options, items, read).finally(() => read.close());
  const collaborative = await trainSources(rt, positives, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  // A reused tuning keeps its settings and counts the blend's exposure again on today's data,
  // before the snapshot carries it (not when the host turned tuning off for this fit).
  if (tuningReport.status === 'reused' && options.tune !== false && rt.tuned?.exposure) {
    await recountExposure(rt, tuningReport, byUser, signal);
  }
  await publishSnapshot(rt, collaborative, positives.length);
  let profiles = 0;
  const now = rt.clock();
  for (const userId of byUser.keys()) {
    throwIfAborted(signal, 'fit');
    await rt.userLocks.run(userId, () => rebuildProfile(stores, tuning, rt.catalog, userId, now));
    profiles++;
    if (profiles % 500 === 0 || profiles === byUser.size) onProgress?.({ stage: 'profiles', done: profiles, total: byUser.size });
  }
  await stores.cache.clear();
  refreshAllLists(rt);
  log(
    rt.logger,
    'info',
    {
      event: 'sona.fit',
      events,
      items: items.length,
      tuning: tuningReport.status,
      snapshot: collaborative.snapshotVersion,
      seconds: (performance.now() - started) / 1000,
    },
    `SONA fit: ${events} events, tuning ${tuningReport.status}${tuningReport.reason ? ` (${tuningReport.reason})` : ''}`,
  );
  return {
    items: items.length,
    itemsEmbedded: embedding.embedded,
    events,
    profiles,
    collaborative,
    tuning: tuningReport,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Reads every stored event, tunes when due, and counts the events again (with those that
 * arrived meanwhile) at the tuned half-life: popularity and every source's event state.
 */
async function readAndTune(rt: Runtime, options: FitOptions, items: readonly ContentItem[], read: EventRead) {
  const { stores } = rt;
  const { onProgress, signal } = options;
  const total = await stores.events.count();
  const ordered: TrackedEvent[][] = [];
  const byUser = new Map<string, TrackedEvent[]>();
  let events = 0;
  /** The latest event's time: users whose first event comes later arrived after this fit. */
  let latest = -Infinity;
  for await (const batch of stores.events.scan({ batchSize: REPLAY_BATCH })) {
    throwIfAborted(signal, 'fit');
    ordered.push(batch);
    for (const e of batch) {
      if (e.timestamp > latest) latest = e.timestamp;
      let list = byUser.get(e.userId);
      if (!list) byUser.set(e.userId, (list = []));
      list.push(e);
    }
    events += batch.length;
    onProgress?.({ stage: 'events', done: events, total });
  }
  const positives = positivePairs(rt, byUser);
  // Arrivals are the users who come after this fit. Events stamped ahead of the clock would
  // otherwise push the horizon past users who arrive after the fit, so it is never later than now.
  const horizon = Math.min(latest, rt.clock());
  const tuningReport = await tuneIfDue(rt, options, { items, byUser, horizon }, positives.length);
  // This fit trains on every user so far, so a reused tuning's arrivals move on too.
  if (rt.tuned?.arrivals && rt.tuned.arrivals.horizon !== horizon) {
    rt.tuned = { ...rt.tuned, arrivals: { ...rt.tuned.arrivals, horizon } };
    if (tuningReport.chosen) tuningReport.chosen = rt.tuned;
  }
  // Popularity and every source's event-derived state, rebuilt from the stored events.
  const halfLife = tunedHalfLife(rt, rt.tuned);
  if (halfLife !== undefined) rt.popularity.reset(halfLife);
  read.countAgain(ordered);
  return { byUser, events, positives, tuningReport };
}

/** Each user's positive items (engagement above zero), the training data of model sources. */
function positivePairs(rt: Runtime, byUser: ReadonlyMap<string, readonly TrackedEvent[]>): Array<{ userId: string; itemId: string }> {
  const params = profileParams(rt.tuning);
  const out: Array<{ userId: string; itemId: string }> = [];
  for (const [userId, events] of byUser) {
    for (const it of foldInteractions(events, rt.tuning.ratingScale).values())
      if (interactionEngagement(it, params) > 0) out.push({ userId, itemId: it.itemId });
  }
  return out;
}

/**
 * Tunes when asked (`tune: true` or options), or by default when nothing was tuned yet, the
 * data has grown by `RETUNE_GROWTH` since, or a source failed while it was tuned; otherwise
 * reuses what was tuned.
 */
async function tuneIfDue(rt: Runtime, options: FitOptions, data: TuneData, positives: number): Promise<TuningReport> {
  const asked = options.tune;
  const previous = rt.tuned;
  // Settings tuned while a source was failing judged the blend without it: tuned again.
  const due =
    asked === undefined
      ? previous === undefined || positives >= previous.positives * (1 + RETUNE_GROWTH) || (previous.faulted?.length ?? 0) > 0
      : asked !== false;
  if (!due) {
    const reason = asked === false ? 'tuning turned off for this fit (tune: false)' : `the data grew by less than ${RETUNE_GROWTH * 100}% since it was tuned`;
    return previous
      ? { status: 'reused', reason, chosen: previous, trials: [], stoppedEarly: false, seconds: 0 }
      : { status: 'skipped', reason, trials: [], stoppedEarly: false, seconds: 0 };
  }
  const given = typeof asked === 'object' ? asked : {};
  const { signal: stop, ...overrides } = given;
  const settings: TuneOptions = {
    ...TUNE_DEFAULTS,
    ...(Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<TuneOptions>),
  };
  const report = await tune(rt, data, settings, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(stop ? { stop } : {}),
  });
  if (report.chosen) rt.tuned = report.chosen;
  return report;
}

/**
 * Measures a reused tuning's exposure counts again (`withLiveExposure`) and says so in the
 * report. A source that throws while the lists are counted leaves the stored counts in place:
 * the fit goes on, as a request would without that source.
 */
async function recountExposure(rt: Runtime, report: TuningReport, byUser: ReadonlyMap<string, readonly TrackedEvent[]>, signal?: AbortSignal): Promise<void> {
  const started = performance.now();
  try {
    rt.tuned = report.chosen = await withLiveExposure(rt, rt.tuned!, byUser, TUNE_DEFAULTS.seed);
    report.reason = `${report.reason ?? 'reused'}; the exposure counts were measured again`;
  } catch (error) {
    throwIfAborted(signal, 'fit');
    const message = error instanceof Error ? error.message : String(error);
    report.reason = `${report.reason ?? 'reused'}; the stored exposure counts were kept (counting again failed: ${message})`;
    log(rt.logger, 'warn', { event: 'sona.fit.exposure', reason: message }, `SONA fit: exposure counts kept (${message})`);
  }
  report.seconds = (performance.now() - started) / 1000;
}

/** Trains every trainable source on the positives, with tuned settings. */
async function trainSources(
  rt: Runtime,
  positives: Array<{ userId: string; itemId: string }>,
  run: { onProgress?: FitOptions['onProgress']; signal?: AbortSignal },
): Promise<FitReport['collaborative']> {
  const started = performance.now();
  const data = trainingData(positives);
  await rt.sources.fit(data, run, rt.tuned?.sources ?? {});
  return { users: data.matrix.users.size, items: data.matrix.items.size, seconds: (performance.now() - started) / 1000 };
}

/** Saves the trained models with the tuned settings as the snapshot other instances load, and says so (sets `report.snapshotVersion`). */
async function publishSnapshot(rt: Runtime, report: FitReport['collaborative'], positives: number): Promise<void> {
  const models = rt.sources.exportModels();
  if (!rt.tuning.snapshots.save || !models) return;
  rt.snapshotVersion = report.snapshotVersion = await rt.stores.models.save(
    MODEL_SNAPSHOT,
    encodeModels({ ...models, ...(rt.tuned ? { tuned: rt.tuned } : {}) }),
    { users: report.users, items: report.items, positives },
  );
  await rt.sync.publish({ kind: 'snapshot', version: report.snapshotVersion }, rt.onBackgroundError);
}
