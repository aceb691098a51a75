/**
 * The validation split the tuner chooses settings on, carved from the training events only: for
 * a seeded sample of users with at least two positive items, some of those items (never all) are
 * held out. `item` (the default) holds out, for each item, the last `share` of its validation
 * users' positives in a seeded order, as `sona evaluate`'s default split (stratified by item,
 * Microsoft Recommenders' protocol) does: an item with few viewers lends one of them, so the
 * long tail weighs in validation as it does in that evaluation. `random` holds out each positive
 * item with probability `share`, as a random split of interactions does (heavy users lend more
 * items, light ones often none, rare items seldom); `time` holds out each user's latest `share`
 * (at least one). Every event of a held-out item leaves the training side, so no source learns
 * from what it is scored on.
 */
import { foldInteractions, interactionEngagement, type EngagementParams } from '../../algorithms/profile/engagement.js';
import { fnv1a32 } from '../../core/fnv.js';
import { seededRandom } from '../../core/random.js';
import type { TrackedEvent } from '../../core/types.js';

/** How the holdout is drawn. */
export interface HoldoutOptions {
  /** `item`: a share of each item's positives; `random`: any of the user's positives; `time`: their latest ones. */
  mode: 'item' | 'random' | 'time';
  /** Share of each validation user's positive items held out (at least one). */
  share: number;
  seed: number;
  /** Validation users at most; the others keep all their events for training. */
  maxUsers: number;
  engagement: EngagementParams & { ratingScale: { min: number; max: number } };
}

/** The two sides of the split. */
export interface Holdout {
  /** Each user's events without those of their held-out items. */
  trainByUser: Map<string, TrackedEvent[]>;
  /** Positive (user, item) pairs of the training side. */
  trainPositives: Array<{ userId: string; itemId: string }>;
  /** Each validation user's held-out positive items. */
  heldOut: Map<string, Set<string>>;
  /** Users with at least two positives, of whom `heldOut` is a sample. */
  eligibleUsers: number;
}

export function carveHoldout(byUser: ReadonlyMap<string, readonly TrackedEvent[]>, options: HoldoutOptions): Holdout {
  const { engagement } = options;
  const positivesOf = new Map<string, Array<{ itemId: string; at: number }>>();
  for (const [userId, events] of byUser) {
    const positives: Array<{ itemId: string; at: number }> = [];
    for (const it of foldInteractions(events, engagement.ratingScale).values()) {
      if (interactionEngagement(it, engagement) > 0) positives.push({ itemId: it.itemId, at: it.lastPositiveTimestamp ?? it.lastTimestamp });
    }
    positivesOf.set(userId, positives);
  }
  // A seeded sample of the eligible users, independent of the order events arrived in.
  const eligible = [...positivesOf.entries()].filter(([, p]) => p.length >= 2).map(([u]) => u);
  const rank = (u: string) => fnv1a32(u, (options.seed ^ 0x9e3779b9) >>> 0);
  const chosen = new Set(
    eligible
      .map((u) => ({ u, r: rank(u) }))
      .sort((a, b) => a.r - b.r || (a.u < b.u ? -1 : 1))
      .slice(0, options.maxUsers)
      .map((x) => x.u),
  );
  const byItem = options.mode === 'item' ? itemStratified(positivesOf, chosen, options) : undefined;
  const heldOut = new Map<string, Set<string>>();
  const trainByUser = new Map<string, TrackedEvent[]>();
  const trainPositives: Array<{ userId: string; itemId: string }> = [];
  for (const [userId, events] of byUser) {
    const positives = positivesOf.get(userId)!;
    let out = new Set<string>();
    if (chosen.has(userId)) {
      if (byItem) {
        out = byItem.get(userId) ?? new Set();
        // Never every item: the user must keep something to be recommended from.
        if (out.size === positives.length) out.delete([...out].sort()[0]!);
      } else if (options.mode === 'time') {
        const count = Math.min(positives.length - 1, Math.max(1, Math.round(options.share * positives.length)));
        const latest = [...positives].sort((a, b) => b.at - a.at || (a.itemId < b.itemId ? -1 : 1));
        out = new Set(latest.slice(0, count).map((p) => p.itemId));
      } else {
        const random = seededRandom((options.seed ^ fnv1a32(userId)) >>> 0);
        const ordered = [...positives].sort((a, b) => (a.itemId < b.itemId ? -1 : 1));
        out = new Set(ordered.filter(() => random() < options.share).map((p) => p.itemId));
        // Never every item: the user must keep something to be recommended from.
        if (out.size === positives.length) out.delete(ordered[0]!.itemId);
      }
      if (out.size > 0) heldOut.set(userId, out);
    }
    trainByUser.set(userId, out.size > 0 ? events.filter((e) => !out.has(e.contentId)) : [...events]);
    for (const p of positives) if (!out.has(p.itemId)) trainPositives.push({ userId, itemId: p.itemId });
  }
  return { trainByUser, trainPositives, heldOut, eligibleUsers: eligible.length };
}

/**
 * Each item's validation positives in a seeded order, the last `share` of them held out as a
 * stratified split does (position p of n goes out when (p + 1) / n > 1 − share). An item's
 * only positive goes out only when users outside validation still teach the sources the item.
 */
function itemStratified(
  positivesOf: ReadonlyMap<string, ReadonlyArray<{ itemId: string }>>,
  chosen: ReadonlySet<string>,
  options: HoldoutOptions,
): Map<string, Set<string>> {
  const viewers = new Map<string, string[]>();
  const others = new Set<string>();
  for (const [userId, positives] of positivesOf) {
    for (const { itemId } of positives) {
      if (!chosen.has(userId)) {
        others.add(itemId);
        continue;
      }
      let list = viewers.get(itemId);
      if (!list) viewers.set(itemId, (list = []));
      list.push(userId);
    }
  }
  const out = new Map<string, Set<string>>();
  const keep = 1 - options.share;
  for (const [itemId, users] of viewers) {
    const n = users.length;
    if (n === 1 && !others.has(itemId)) continue;
    const key = (u: string) => fnv1a32(`${u}\u0000${itemId}`, options.seed >>> 0);
    users.sort((a, b) => key(a) - key(b) || (a < b ? -1 : 1));
    users.forEach((userId, position) => {
      if ((position + 1) / n <= keep) return;
      let set = out.get(userId);
      if (!set) out.set(userId, (set = new Set()));
      set.add(itemId);
    });
  }
  return out;
}

/**
 * The split as cross-fitted fold `fold` of two sees it: the other fold's validation users get
 * their held-out items back on the training side, and only this fold's users are judged. The
 * fold's models then learn from more of the data than one split's (half the held-out items
 * return), which matters because the tuner's models otherwise know less than the served ones
 * and overstate what reach costs (docs/tuning.md, "The shadow models know less").
 */
export function crossFold(holdout: Holdout, byUser: ReadonlyMap<string, readonly TrackedEvent[]>, fold: 0 | 1, seed: number): Holdout {
  const heldOut = new Map<string, Set<string>>();
  const trainByUser = new Map(holdout.trainByUser);
  const trainPositives = [...holdout.trainPositives];
  for (const [userId, items] of holdout.heldOut) {
    if (foldOf(userId, seed) === fold) {
      heldOut.set(userId, items);
      continue;
    }
    trainByUser.set(userId, [...(byUser.get(userId) ?? [])]);
    for (const itemId of items) trainPositives.push({ userId, itemId });
  }
  return { trainByUser, trainPositives, heldOut, eligibleUsers: holdout.eligibleUsers };
}

/** A validation user's cross-fitted fold: a seeded hash, independent of the order users arrived in. */
function foldOf(userId: string, seed: number): 0 | 1 {
  return (fnv1a32(userId, (seed ^ 0x85ebca6b) >>> 0) & 1) as 0 | 1;
}
