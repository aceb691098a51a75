/**
 * Which model snapshot an instance serves: the newest one that reads, an older good one when the
 * newest is damaged, and a newer one when another instance publishes it.
 */
import { StoreError } from '../core/errors.js';
import { log } from '../core/telemetry.js';
import { storedEvents, type StoredEvents } from './replay.js';
import type { Runtime } from './runtime.js';
import { decodeModels, MODEL_SNAPSHOT, type EngineSnapshot } from './snapshot.js';

/** Older versions tried when the newest snapshot cannot be read. */
const FALLBACK_VERSIONS = 5;

/**
 * Serves the newest readable snapshot when it is newer than the one installed (another
 * instance's fit). A tuned half-life other than the one counting now means counting popularity
 * (and the attribute groups) again from the stored events, as the fit did and as a fresh
 * instance does: counts decayed at one half-life cannot be turned into another's.
 */
export async function reloadSnapshot(rt: Runtime): Promise<number | undefined> {
  const models = await newerSnapshot(rt);
  if (!models) return rt.snapshotVersion;
  const halfLife = changedHalfLife(rt, models.snapshot);
  if (halfLife === undefined) {
    await serveSnapshot(rt, models);
    return models.version;
  }
  const started = performance.now();
  const events = await storedEvents(rt);
  const counted = await serveSnapshot(rt, models, events).finally(() => events.read.close());
  const milliseconds = Math.round(performance.now() - started);
  log(
    rt.logger,
    'info',
    { event: 'sona.snapshot.recount', version: models.version, halfLifeDays: halfLife, events: counted, milliseconds },
    `SONA snapshot ${models.version}: popularity counted again at a ${halfLife}-day half-life (${counted} events, ${milliseconds} ms)`,
  );
  return models.version;
}

/** The newest readable snapshot, when it is not the one installed. */
export async function newerSnapshot(rt: Runtime): Promise<{ snapshot: EngineSnapshot; version: number } | undefined> {
  const models = await readableSnapshot(rt);
  return models && models.version !== rt.snapshotVersion ? models : undefined;
}

/**
 * Serves `models`: its tuning, every stored event counted again when `events` are given (read
 * before, so tuning, counts and models change in one synchronous step), its models; then empties
 * the response cache. Returns the events counted.
 */
export async function serveSnapshot(rt: Runtime, models: { snapshot: EngineSnapshot; version: number }, events?: StoredEvents): Promise<number> {
  if (models.snapshot.tuned) applyTuned(rt, models.snapshot);
  const counted = events ? events.read.countAgain(events.batches) : 0;
  install(rt, models);
  await rt.stores.cache.clear();
  return counted;
}

/**
 * The newest snapshot that decodes, trying up to FALLBACK_VERSIONS older ones: a corrupt or
 * incompatible newest version is reported (onBackgroundError) and the instance serves the
 * previous good one, or no model at all, rather than refusing to start.
 */
export async function readableSnapshot(rt: Runtime): Promise<{ snapshot: EngineSnapshot; version: number } | undefined> {
  const versions = (await rt.stores.models.list(MODEL_SNAPSHOT)).slice(0, FALLBACK_VERSIONS + 1);
  for (const info of versions) {
    try {
      const stored = await rt.stores.models.get(MODEL_SNAPSHOT, info.version);
      if (!stored) continue;
      const snapshot = decodeModels(stored.data);
      // The sections must fit the sources too: a trial import into nothing, caught here.
      rt.sources.checkModels(snapshot);
      return { snapshot, version: info.version };
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const skipped = new StoreError(`model snapshot version ${info.version} cannot be served and is skipped: ${error.message}`, { cause: error });
      log(rt.logger, 'warn', { event: 'sona.snapshot.skipped', version: info.version, reason: error.message }, skipped.message);
      rt.onBackgroundError(skipped);
    }
  }
  return undefined;
}

/**
 * Serves `snapshot`'s tuning. Its half-life, when it changes the popularity counter's, empties
 * the counter: the caller counts the events again (the load replays them after this).
 */
export function applyTuned(rt: Runtime, snapshot: EngineSnapshot): void {
  rt.tuned = snapshot.tuned;
  const halfLife = changedHalfLife(rt, snapshot);
  if (halfLife !== undefined) rt.popularity.reset(halfLife);
}

/** The popularity half-life a tuning chose, unless the host pinned one (then the host's stands). */
export function tunedHalfLife(rt: Runtime, tuned: EngineSnapshot['tuned']): number | undefined {
  return rt.pinned.has('trending.halfLifeDays') ? undefined : tuned?.halfLifeDays;
}

/** The popularity half-life `snapshot` tuned, when it stands and differs from the counter's. */
function changedHalfLife(rt: Runtime, snapshot: EngineSnapshot): number | undefined {
  const halfLife = tunedHalfLife(rt, snapshot.tuned);
  return halfLife === rt.popularity.halfLifeDays ? undefined : halfLife;
}

export function install(rt: Runtime, models: { snapshot: EngineSnapshot; version: number }): void {
  rt.sources.importModels(models.snapshot);
  rt.snapshotVersion = models.version;
}
