import type { ContentItem, TrackedEvent } from '../core/types.js';
import { applyChange } from './applying.js';
import { RecentIds } from './event-counting.js';
import type { Runtime } from './runtime.js';
import { replayStores } from './replay.js';
import { applyTuned, install, readableSnapshot } from './served-snapshot.js';

/**
 * Fills the in-process state from the stores: the newest readable model snapshot's tuning, the
 * catalogue, users' attributes (before the events, which count towards attribute groups), every
 * event, then the snapshot's models.
 */
export async function loadRuntime(rt: Runtime): Promise<void> {
  // One trainer publishes snapshots; every other instance serves the newest one, with its tuning.
  const models = rt.tuning.snapshots.load ? await readableSnapshot(rt) : undefined;
  if (models?.snapshot.tuned) applyTuned(rt, models.snapshot);
  // What other instances publish meanwhile is held until the load ends (startRuntime): an event
  // read here and heard then is counted once.
  const recent = new RecentIds();
  const into = {
    addItems: (items: readonly ContentItem[]) => rt.sources.addItems(items),
    addEvents: (events: readonly TrackedEvent[]) => {
      rt.sources.addEvents(events);
      recent.add(events);
    },
  };
  await replayStores(rt, into, () => rt.attributes.load());
  rt.counting.counted(recent.ids());
  if (models) install(rt, models);
}

/**
 * Loads the runtime and listens to the other instances: listening starts before the stores are
 * read, and what arrives meanwhile waits for the load. A failed load stops listening.
 */
export async function startRuntime(rt: Runtime): Promise<void> {
  let loaded!: () => void;
  const gate = new Promise<void>((resolve) => (loaded = resolve));
  await rt.sync.start({ onBackgroundError: rt.onBackgroundError, apply: (change) => applyChange(rt, change) }, gate);
  try {
    await loadRuntime(rt);
  } catch (error) {
    loaded();
    await rt.sync.stop().catch(() => undefined);
    throw error;
  }
  loaded();
}
