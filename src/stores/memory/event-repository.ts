import type { TrackedEvent } from '../../core/types.js';
import type { EventRepository } from '../types.js';
import { inBatches } from './batches.js';
import { optionalObject, text } from '../checks.js';
import { checkAppendEvents, checkListByUser } from '../port-checks.js';

function freezeEvent(event: TrackedEvent): TrackedEvent {
  const copy: TrackedEvent = { ...event };
  if (event.context) copy.context = Object.freeze(structuredClone(event.context));
  return Object.freeze(copy);
}

/** Newest first, then id descending, so equal timestamps still give a stable order. */
export function newestFirst(a: TrackedEvent, b: TrackedEvent): number {
  return b.timestamp - a.timestamp || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Puts `event` into `list` (oldest first). Events mostly arrive in time order, so the place is
 * nearly always the end; otherwise it is found by binary search.
 */
function insertInOrder(list: TrackedEvent[], event: TrackedEvent): void {
  if (list.length === 0 || newestFirst(list[list.length - 1]!, event) >= 0) {
    list.push(event);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newestFirst(list[mid]!, event) >= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, event);
}

/**
 * Events in arrays, indexed by id and by user; the reference {@link EventRepository}.
 * Stored events are frozen, so they can be handed out without copying.
 */
export class MemoryEventRepository implements EventRepository {
  private readonly all: TrackedEvent[] = [];
  private readonly ids = new Set<string>();
  /** Each user's events, oldest first (by {@link newestFirst} reversed), so a history read sorts nothing. */
  private readonly byUser = new Map<string, TrackedEvent[]>();

  async append(events: readonly TrackedEvent[]): Promise<TrackedEvent[]> {
    checkAppendEvents(events);
    const fresh: TrackedEvent[] = [];
    const seen = new Set<string>();
    for (const event of events) {
      if (this.ids.has(event.id) || seen.has(event.id)) continue;
      seen.add(event.id);
      fresh.push(freezeEvent(event));
    }
    for (const event of fresh) {
      this.ids.add(event.id);
      this.all.push(event);
      let list = this.byUser.get(event.userId);
      if (!list) this.byUser.set(event.userId, (list = []));
      insertInOrder(list, event);
    }
    return fresh;
  }

  async listByUser(userId: string, options: { limit?: number } = {}): Promise<TrackedEvent[]> {
    checkListByUser(userId, options);
    const list = this.byUser.get(userId) ?? [];
    const take = options.limit === undefined ? list.length : Math.min(list.length, Math.max(0, options.limit));
    const out = new Array<TrackedEvent>(take);
    for (let k = 0; k < take; k++) out[k] = list[list.length - 1 - k]!;
    return out;
  }

  async countByUser(userId: string): Promise<number> {
    text(userId, 'userId');
    return this.byUser.get(userId)?.length ?? 0;
  }

  async *scan(options: { batchSize?: number } = {}): AsyncIterable<TrackedEvent[]> {
    optionalObject(options, 'options');
    yield* inBatches(this.all.slice(), options.batchSize);
  }

  async count(): Promise<number> {
    return this.all.length;
  }

  async deleteUser(userId: string): Promise<number> {
    text(userId, 'userId');
    const list = this.byUser.get(userId);
    if (!list) return 0;
    this.byUser.delete(userId);
    for (const event of list) this.ids.delete(event.id);
    const keep = this.all.filter((e) => e.userId !== userId);
    this.all.length = 0;
    this.all.push(...keep);
    return list.length;
  }
}
