/**
 * Keeping users' candidate lists fresh off the request path: after a user's events (track) and
 * after a refit, the lists of users who have lists are recomputed in the background, so their
 * next request finds them current. Correctness never depends on it: a request checks each
 * list's stamp and computes what is stale itself.
 */
import { gatherCandidates } from './pipeline/gather.js';
import { sourceRequest } from './pipeline/index.js';
import { loadHistory } from './profiles.js';
import type { Runtime } from './runtime.js';

/**
 * Recomputes and keeps the user's lists from every weighted source that allows keeping, and
 * what those sources score for the others' candidates, as a request would gather them.
 */
async function refreshUser(rt: Runtime, userId: string): Promise<void> {
  const [profile, history] = await Promise.all([rt.stores.profiles.get(userId), loadHistory(rt.stores, rt.tuning, userId, rt.histories)]);
  const { recommend } = rt.tuning;
  const limit = Math.max(recommend.minCandidates, Math.ceil(recommend.defaultCount * recommend.candidateMultiplier));
  const { request, kept } = sourceRequest(
    { tuning: rt.tuning, catalog: rt.catalog, userId, profile, history, exclude: [], now: rt.clock(), context: undefined, lists: rt.lists },
    limit,
  );
  if (!kept) return;
  const weights = new Map<string, number>();
  for (const source of rt.sources.sources) {
    const weight = Object.hasOwn(rt.tuning.blend.weights, source.name) ? rt.tuning.blend.weights[source.name]! : 0;
    if (source.appliesTo?.(request) ?? true) weights.set(source.name, weight);
  }
  await gatherCandidates(rt.sources.sources, weights, request, rt.catalog, [], kept);
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
