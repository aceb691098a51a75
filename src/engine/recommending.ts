import { idSchema, parseInput } from '../core/schema.js';
import { instruments } from '../core/telemetry.js';
import { DAY_MS, HOUR_MS } from '../core/time.js';
import { hashUnit } from '../experiments/bucketing.js';
import type { BlendedItem } from './pipeline/blend.js';
import { runPipeline, type RecommendationResponse } from './pipeline/index.js';
import { replayStores } from './replay.js';
import { loadHistory } from './profiles.js';
import { responseCacheKey } from './response-cache.js';
import type { Tuning } from './config.js';
import type { Runtime } from './runtime.js';
import { exposureLevels } from './tuning/exposure.js';
import type { TunedSettings } from './tuning/stored.js';
import { applyVariants } from './variants.js';
import { userTuning } from './user-tuning.js';

/**
 * One request: validated options, the user's running experiments applied, a cached list when
 * one answers the same request, else the pipeline, then exposures recorded.
 */
export async function recommendDetailed(rt: Runtime, userIdInput: unknown, options: unknown): Promise<RecommendationResponse> {
  const userId = parseInput(idSchema, userIdInput, 'userId');
  const o = parseInput(rt.schemas.recommend, options ?? {}, 'options');
  const count = o.count ?? rt.tuning.recommend.defaultCount;
  const exclude = o.exclude ?? [];
  const active = await rt.experiments.activeFor(userId);
  const variant = applyVariants(rt.tuning, active, o.count === undefined ? undefined : count);
  const wanted = Math.min(variant.count ?? count, rt.tuning.recommend.maxCount);
  const now = o.context?.time ?? rt.clock();
  const allow = o.allow ? new Set(o.allow) : undefined;
  // A predicate cannot be part of a key, so filtered requests are never cached.
  const key =
    rt.tuning.cache.enabled && !o.filter
      ? responseCacheKey({
          userId,
          count: wanted,
          now,
          context: o.context,
          active,
          exclude,
          allow,
          watched: o.excludeWatched,
          lambda: o.diversity,
          preferredGenres: o.preferredGenres,
        })
      : undefined;
  // What the user's state was when computing began: a later event makes the list's write stale.
  const stamp = key ? rt.responseWrites.stamp(userId) : undefined;
  const cached = key ? await rt.stores.cache.get<RecommendationResponse>(key) : undefined;
  instruments().responses.add(1, { 'sona.cache': key === undefined ? 'off' : cached ? 'hit' : 'miss' });
  if (cached) {
    // Items deleted since the list was cached are dropped rather than served.
    return rt.experiments.expose(userId, active, { ...cached, items: cached.items.filter((i) => rt.catalog.has(i.itemId)) });
  }
  // A background refresh of this user's lists may be under way: wait for it rather than redo it.
  await rt.lists.settled(userId);
  const [profile, history] = await Promise.all([rt.stores.profiles.get(userId), loadHistory(rt.stores, rt.tuning, userId, rt.histories)]);
  const interactionCount = profile?.interactionCount ?? history.events.length;
  const tuning = userTuning(rt, active, interactionCount, history.events);
  await wakeWeighted(rt, tuning.blend.weights);
  const adapt = rt.tuning.adapters.enabled && profile !== undefined;
  const attributes = rt.attributes.of(userId);
  const response = await runPipeline({
    stores: rt.stores,
    tuning,
    catalog: rt.catalog,
    sources: rt.sources.sources,
    userId,
    profile,
    history,
    count: wanted,
    exclude,
    context: o.context,
    now,
    allow,
    filter: o.filter,
    watched: o.excludeWatched,
    lambda: o.diversity ?? variant.diversity ?? tunedLambda(rt),
    maxGenreShare: rt.pinned.has('diversity.maxGenreShare') ? undefined : rt.tuned?.maxGenreShare,
    preferredGenres: o.preferredGenres ?? attributes?.preferredGenres,
    demographics: attributes?.demographics,
    lists: rt.lists,
    onSourceError: (source, error) => rt.sourceFaults.failed(source, error),
    semanticEmbeddings: rt.embedder.semantic === true,
    isNew: (itemId) => !rt.popularity.hasEvents(rt.catalog.ids.indexOf(itemId) ?? -1),
    popularityLevel: (itemId) => rt.popularity.level(rt.catalog.ids.indexOf(itemId) ?? -1),
    exposureLevel: tunedExposure(rt.tuned),
    ...freshItems(rt, now, tuning.coldStart, userId),
    // The adapter re-orders the pool before diversity picks from it, so MMR's variety stays.
    ...(adapt ? { rerank: (pool: BlendedItem[]) => rt.adapters.apply(userId, profile.preferenceVector, pool) } : {}),
  });
  // A response made without a failed source is not kept for others to read.
  if (key && !response.sources.some((s) => s.failed)) {
    const ttl = response.coldStart ? rt.tuning.cache.coldStartTtlSeconds : rt.tuning.cache.ttlSeconds;
    // Off the request path, under the user's lock (see ResponseWrites); close() waits for it.
    void rt.userLocks
      .run(userId, async () => {
        if (rt.responseWrites.fresh(userId, stamp!)) await rt.stores.cache.set(key, userId, response, ttl);
      })
      .catch(rt.onBackgroundError);
  }
  return rt.experiments.expose(userId, active, response);
}

/** Replays the stores into lazy sources that these weights use for the first time (see `Source.lazy`). */
async function wakeWeighted(rt: Runtime, weights: Readonly<Record<string, number>>): Promise<void> {
  await rt.sources.wake(weights, (source) => replayStores(rt, source));
}

/** Exposure levels per tuned settings, built once per snapshot. */
const exposureByTuning = new WeakMap<TunedSettings, (itemId: string) => number>();

/** The exposure levels the tuner measured (none before a tuned fit). */
function tunedExposure(tuned: TunedSettings | undefined): ((itemId: string) => number) | undefined {
  if (!tuned?.exposure) return undefined;
  let level = exposureByTuning.get(tuned);
  if (!level) exposureByTuning.set(tuned, (level = exposureLevels(tuned.exposure)));
  return level;
}

/** MMR's λ as the tuner chose it, unless the host set one. */
function tunedLambda(rt: Runtime): number | undefined {
  return rt.pinned.has('diversity.lambda') ? undefined : rt.tuned?.lambda;
}

/** Recently arrived items offered to the exploration slots: the most active of the latest few hundred. */
const FRESH_OFFERED = 32;
const FRESH_SCANNED = 256;

/**
 * Which items found their first viewers within `freshHours` of `now` (and are therefore still
 * worth exploring), and the fresh items this user's list is offered: none unless the user falls
 * in the `freshListShare` of users explored today (a seeded draw per user and day).
 */
function freshItems(
  rt: Runtime,
  now: number,
  { freshHours, freshListShare }: Tuning['coldStart'],
  userId: string,
): { isFresh: (itemId: string) => boolean; fresh: string[] } {
  if (!(freshHours > 0) || !explores(userId, now, freshListShare)) return { isFresh: () => false, fresh: [] };
  const since = now - freshHours * HOUR_MS;
  const { catalog, popularity } = rt;
  const first = rt.sources.firstEvents;
  const recent = first.since(since, FRESH_SCANNED).filter((i) => catalog.isLive(i));
  recent.sort((a, b) => popularity.relative(b) - popularity.relative(a) || a - b);
  return {
    isFresh: (itemId) => (first.first(catalog.ids.indexOf(itemId) ?? -1) ?? -Infinity) >= since,
    fresh: recent.slice(0, FRESH_OFFERED).map((i) => catalog.ids.idAt(i)),
  };
}

/** True for the `share` of users whose lists explore fresh items on the day of `now`. */
export function explores(userId: string, now: number, share: number): boolean {
  if (share >= 1) return true;
  if (!(share > 0)) return false;
  // The experiments' unit hash, seeded by the day, so the draw is stable within a day.
  return hashUnit(`fresh:${Math.floor(now / DAY_MS)}`, userId, 2)! < share;
}
