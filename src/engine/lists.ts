/**
 * Keeping users' candidate lists fresh off the request path: after a user's events (track) and
 * after a refit, the lists of users who have lists are recomputed in the background, so their
 * next request finds them current. Correctness never depends on it: a request checks each
 * list's stamp and computes what is stale itself.
 */
import type { SourceName } from '../core/types.js';
import { effectiveWeights } from './pipeline/blend.js';
import { gatherCandidates } from './pipeline/gather.js';
import { applicableSources, sourceRequest } from './pipeline/request.js';
import { userTuning } from './user-tuning.js';
import { loadHistory } from './profiles.js';
import type { Runtime } from './runtime.js';

/**
 * Recomputes and keeps the user's lists from every source a request of theirs would weight (the
 * weights of their segment and experiments, faded by their history as the pipeline does), and
 * what those sources score for the others' candidates, as a request would gather them.
 */
async function refreshUser(rt: Runtime, userId: string): Promise<void> {
  const [profile, history, active] = await Promise.all([
    rt.stores.profiles.get(userId),
    loadHistory(rt.stores, rt.tuning, userId, rt.histories),
    rt.experiments.assignedTo(userId),
  ]);
  const interactionCount = profile?.interactionCount ?? history.events.length;
  const tuning = userTuning(rt, active, interactionCount, history.events);
  const { recommend } = tuning;
  const limit = Math.max(recommend.minCandidates, Math.ceil(recommend.defaultCount * recommend.candidateMultiplier));
  const { request, kept } = sourceRequest(
    { tuning, catalog: rt.catalog, userId, profile, history, exclude: [], now: rt.clock(), context: undefined, lists: rt.lists },
    limit,
  );
  if (!kept) return;
  const onFailure = (source: SourceName, error: unknown) => rt.sourceFaults.failed(source, error);
  const applicable = applicableSources(rt.sources.sources, request, onFailure);
  const weights = effectiveWeights(tuning.blend.weights, applicable, interactionCount, tuning.coldStart.minInteractions);
  await gatherCandidates(rt.sources.sources, weights, request, rt.catalog, [], kept, { onFailure, timeoutMs: recommend.sourceTimeoutMs });
}

/** Schedules a background refresh of these users' lists (only users who have lists). */
export function refreshLists(rt: Runtime, userIds: Iterable<string>): void {
  const users = [...userIds].filter((u) => rt.lists.has(u));
  if (users.length > 0) rt.lists.refresh(users, (u) => refreshUser(rt, u), rt.onBackgroundError);
}

/** After a refit: every kept user, most recently served first. */
export function refreshAllLists(rt: Runtime): void {
  refreshLists(rt, rt.lists.recentUsers());
}
