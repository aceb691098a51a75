import type { TrackedEvent } from '../core/types.js';
import type { Change } from '../stores/types.js';
import { refreshAllLists, refreshLists } from './lists.js';
import { resyncRuntime } from './resync.js';
import { reloadSnapshot } from './served-snapshot.js';
import type { Runtime } from './runtime.js';

/** Applies another instance's change to this one's in-process state. */
export async function applyChange(rt: Runtime, change: Change): Promise<void> {
  switch (change.kind) {
    case 'events': {
      const users = new Set(change.events.map((e) => e.userId));
      // A response this instance is computing for one of them is stale: its cache write must
      // not land after the other instance's invalidation.
      for (const userId of users) rt.responseWrites.touch(userId);
      rt.counting.add(change.events.map((e): TrackedEvent => ({ ...e, rewatch: false })));
      refreshLists(rt, users);
      return;
    }
    case 'items':
      rt.sources.addItems(await rt.stores.content.getMany(change.ids));
      return;
    case 'items-removed':
      rt.sources.removeItems(change.ids);
      return;
    case 'attributes':
      await rt.attributes.reload(change.userId);
      return;
    case 'user-forgotten':
      rt.responseWrites.touch(change.userId);
      rt.attributes.forget(change.userId);
      rt.adapters.forget(change.userId);
      rt.sources.forgetUser(change.userId);
      rt.counting.forgetRecent();
      rt.lists.forget(change.userId);
      rt.histories?.forget(change.userId);
      return;
    case 'experiments':
      rt.experiments.invalidate();
      return;
    case 'snapshot':
      rt.responseWrites.touchAll();
      await reloadSnapshot(rt);
      refreshAllLists(rt);
      return;
    case 'resync':
      // Notifications were lost while the connection was down: everything is read again.
      rt.responseWrites.touchAll();
      rt.experiments.invalidate();
      await resyncRuntime(rt);
      refreshAllLists(rt);
      return;
  }
}
