import { instruments } from '../core/telemetry.js';
import type { TrackResult } from './reports.js';
import { ensureContent } from './catalog.js';
import { parseEvents } from './inputs.js';
import { refreshLists } from './lists.js';
import { rebuildProfile } from './profiles.js';
import { eventsChange } from './sync.js';
import type { Runtime } from './runtime.js';

/**
 * Records viewing events: every event is validated (and its content must exist) before anything
 * is stored; then the sources hear of the new ones, the affected users' profiles are rebuilt and
 * their cached lists dropped, conversions recorded and adapters scheduled.
 */
export async function track(rt: Runtime, events: unknown): Promise<TrackResult> {
  const valid = parseEvents(events, rt.tuning.ratingScale, rt.clock());
  await ensureContent(rt, valid, !Array.isArray(events));
  const stored = await rt.stores.events.append(valid);
  instruments().events.add(stored.length);
  rt.counting.add(stored);
  if (stored.length > 0) await rt.sync.publish(eventsChange(stored), rt.onBackgroundError);
  // Every user of the batch, duplicates included: a retry after a partial failure (events stored,
  // profile not) rebuilds what depends on the events, so it converges.
  const users = [...new Set(valid.map((e) => e.userId))];
  await Promise.all(
    users.map((userId) =>
      rt.userLocks.run(userId, async () => {
        await rebuildProfile(rt.stores, rt.tuning, rt.catalog, userId, rt.clock());
        await rt.stores.cache.invalidateUser(userId);
      }),
    ),
  );
  refreshLists(rt, users);
  await rt.experiments.recordConversions(stored, rt.tuning.experiments.conversions);
  if (rt.tuning.adapters.enabled) for (const userId of new Set(stored.map((e) => e.userId))) rt.adapters.schedule(userId);
  return { stored: stored.length, duplicates: valid.length - stored.length };
}
