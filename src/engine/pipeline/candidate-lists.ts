/**
 * Each user's candidate lists from the sources that allow it (`Source.stateVersion`), kept
 * between requests so a request that finds them current costs what scoring its few hundred
 * candidates costs, whatever the catalogue's size. A list is current while its stamp matches:
 * the catalogue's version, the source's state version, the watched-items mode and a fingerprint
 * of the user's interactions and profile. Anything that changes what the source would propose
 * changes one of these, including changes applied from other instances, so a kept list is
 * exactly the list the source would give now; an event tracked a moment ago misses it.
 *
 * Lists are kept deeper than a request needs (twice its limit) without the request's own
 * exclusions, so they serve requests that exclude other items too. Items are stored as catalogue
 * indices and scores as doubles: about 1.2 KB per source per user at the default depth, and
 * about 2 KB more for the scores kept for the other sources' candidates (15 KB per user with the
 * default sources, measured at 100k items).
 */
import { LruMap } from '../../core/lru-map.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { Candidate, Source, SourceRequest } from '../../sources/source.js';
import { candidateOf, findIndex, sharedNote, sortedScores, type KeptScores, type UnionItem } from './kept-scores.js';

export type { UnionItem } from './kept-scores.js';

/** One source's kept list for one user. */
interface KeptList extends KeptScores {
  stamp: string;
  /** True when the source had fewer candidates than asked: the list is all there is. */
  complete: boolean;
  /**
   * What the source's `score` gave for items other sources proposed, sorted by index; NaN for
   * an item it was asked and gave no score. A returning user's request then asks the source
   * only about items it has never been asked about under this stamp.
   */
  scored?: KeptScores;
}

/** Scores kept per source and user at most (a request's union is a few hundred items). */
const MAX_SCORED = 4096;

export class CandidateLists {
  /** Users by recency of use, each with their lists by source; the least recently used go first. */
  private readonly users: LruMap<string, Map<string, KeptList>>;

  /** Users waiting for a background refresh, in order, with whoever awaits them. */
  private queued = new Map<string, { promise: Promise<void>; resolve: () => void } | undefined>();
  private running: { userId: string; done: Promise<void> } | undefined;
  private worker: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly capacity: number) {
    this.users = new LruMap(capacity);
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  /** Users with lists kept. */
  get size(): number {
    return this.users.size;
  }

  /**
   * The kept candidates of `source` for this request, filtered by its exclusions (live items
   * only), with their catalogue indices; undefined when there is no current list deep enough.
   */
  lookup(source: Source, request: SourceRequest, stamp: string, catalog: CatalogIndex): { candidates: Candidate[]; indices: number[] } | undefined {
    const kept = this.current(source, request.userId, stamp);
    if (!kept) return undefined;
    const out: Candidate[] = [];
    const indices: number[] = [];
    for (let k = 0; k < kept.items.length && out.length < request.limit; k++) {
      const index = kept.items[k]!;
      // The index is at hand: no second string lookup to learn whether the item is still live.
      if (!catalog.isLive(index)) continue;
      const itemId = catalog.ids.idAt(index);
      if (request.excluded.has(itemId)) continue;
      out.push(candidateOf(kept, itemId, kept.scores[k]!));
      indices.push(index);
    }
    return out.length === request.limit || kept.complete ? { candidates: out, indices } : undefined;
  }

  /** Keeps `candidates` (proposed for `depth`) as the user's current list from `source`. */
  keep(source: Source, userId: string, stamp: string, candidates: readonly Candidate[], depth: number, catalog: CatalogIndex): void {
    if (!this.enabled) return;
    const note = sharedNote(candidates);
    if (!note) return;
    const items = new Int32Array(candidates.length);
    for (let k = 0; k < candidates.length; k++) {
      const index = catalog.ids.indexOf(candidates[k]!.itemId);
      if (index === undefined) return;
      items[k] = index;
    }
    const lists = this.users.get(userId) ?? new Map<string, KeptList>();
    this.users.set(userId, lists);
    lists.set(source.name, {
      stamp,
      items,
      scores: Float64Array.from(candidates, (c) => c.score),
      ...note,
      complete: candidates.length < depth,
    });
  }

  /**
   * The kept scores of `source` for `asked` under `stamp`, and the items it was never asked
   * about; undefined when the user has no current list from the source.
   */
  scoresOf(source: Source, userId: string, stamp: string, asked: readonly UnionItem[]): { known: Candidate[]; unknown: UnionItem[] } | undefined {
    const kept = this.current(source, userId, stamp);
    if (!kept) return undefined;
    const scored = kept.scored;
    if (!scored) return { known: [], unknown: [...asked] };
    const known: Candidate[] = [];
    const unknown: UnionItem[] = [];
    for (const item of asked) {
      const at = findIndex(scored.items, item.index);
      if (at < 0) {
        unknown.push(item);
        continue;
      }
      const score = scored.scores[at]!;
      if (!Number.isNaN(score)) known.push(candidateOf(scored, item.itemId, score));
    }
    return { known, unknown };
  }

  /** Adds what `source` scored for `asked` (`given`) to its kept list under `stamp`. */
  rememberScores(source: Source, userId: string, stamp: string, asked: readonly UnionItem[], given: readonly Candidate[]): void {
    const kept = this.current(source, userId, stamp);
    if (!kept || asked.length === 0) return;
    // A user who returns often without new events meets new trending items now and then: past
    // MAX_SCORED the old scores give way rather than grow without bound.
    const old = kept.scored && kept.scored.items.length + asked.length <= MAX_SCORED ? kept.scored : undefined;
    // Kept scores share one reason and clause (those of the scores actually given): when they
    // would differ, nothing is kept.
    const oldNote = old?.scores.some((x) => !Number.isNaN(x)) ? old : undefined;
    const note = sharedNote(oldNote ? [oldNote, ...given] : given);
    if (!note) return;
    const added = sortedScores(asked, given);
    const oldSize = old?.items.length ?? 0;
    const size = oldSize + added.items.length;
    const items = new Int32Array(size);
    const scores = new Float64Array(size);
    // Merge the two sorted runs.
    let i = 0;
    let j = 0;
    for (let k = 0; k < size; k++) {
      if (j >= added.items.length || (i < oldSize && old!.items[i]! < added.items[j]!)) {
        items[k] = old!.items[i]!;
        scores[k] = old!.scores[i++]!;
      } else {
        items[k] = added.items[j]!;
        scores[k] = added.scores[j++]!;
      }
    }
    kept.scored = { items, scores, ...note };
  }

  /** The user's list from `source` when it was kept under `stamp`. */
  private current(source: Source, userId: string, stamp: string): KeptList | undefined {
    const kept = this.users.get(userId)?.get(source.name);
    return kept?.stamp === stamp ? kept : undefined;
  }

  /** True when the user has lists kept (current or not). */
  has(userId: string): boolean {
    return this.users.has(userId);
  }

  /** Users with lists kept, most recently served first. */
  recentUsers(): string[] {
    return [...this.users.keys()].reverse();
  }

  /**
   * Recomputes the lists of `userIds` in the background, one user per turn of the event loop so
   * requests interleave. A request for a user in the queue waits for that user's turn
   * ({@link settled}) rather than computing the same lists itself.
   */
  refresh(userIds: Iterable<string>, work: (userId: string) => Promise<void>, onError: (error: unknown) => void): void {
    if (!this.enabled || this.stopped) return;
    for (const userId of userIds) if (!this.queued.has(userId)) this.queued.set(userId, undefined);
    if (this.worker) return;
    this.worker = (async () => {
      while (this.queued.size > 0 && !this.stopped) {
        await new Promise((resolve) => setImmediate(resolve));
        const userId = this.queued.keys().next().value!;
        const waiting = this.queued.get(userId);
        this.queued.delete(userId);
        const done = work(userId).catch(onError);
        this.running = { userId, done };
        await done;
        this.running = undefined;
        waiting?.resolve();
      }
      for (const waiting of this.queued.values()) waiting?.resolve();
      this.queued.clear();
      this.worker = undefined;
    })();
  }

  /** Resolves once the user's queued or running refresh (if any) is over. */
  settled(userId: string): Promise<void> | undefined {
    if (this.running?.userId === userId) return this.running.done;
    if (!this.queued.has(userId)) return undefined;
    // Move the user to the front: someone is waiting for them.
    let waiting = this.queued.get(userId);
    if (!waiting) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      waiting = { promise, resolve };
    }
    this.queued.delete(userId);
    this.queued = new Map([[userId, waiting], ...this.queued]);
    return waiting.promise;
  }

  /** Stops background refreshes and waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker;
  }

  /** Drops a user's lists (the user was forgotten). */
  forget(userId: string): void {
    this.users.delete(userId);
  }

  /** Drops every list (a store was swapped or the host asked). */
  clear(): void {
    this.users.clear();
  }
}
