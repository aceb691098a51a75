/**
 * Engagement: how strongly an interaction says "I like this", in [0, 1]. The additive formula
 * and its constants are the original SONA crate's: completion contributes up to 0.4, a rating
 * up to 0.3 (half its share, scaled by completion, when the user did not rate), a rewatch +0.2
 * and a dismissal -0.5, clamped to [0, 1].
 */
import type { TrackedEvent } from '../../core/types.js';

/** The parameters of the engagement formula. */
export interface EngagementParams {
  weights: { completion: number; rating: number; rewatch: number; dismiss: number };
  /** Completion below this is no evidence of taste. */
  minCompletion: number;
  ratingScale: { min: number; max: number };
}

/** Everything known about one user's dealings with one item, folded from their events. */
export interface ItemInteraction {
  itemId: string;
  /** Highest completion reported, if any. */
  completion?: number;
  /** Latest rating, rescaled to [0, 1]. */
  rating?: number;
  /** Latest of like (true) / dislike (false), if any. */
  liked?: boolean;
  rewatch: boolean;
  /** A dismissal newer than the last positive event. */
  dismissed: boolean;
  /** Only intent signals (click, play) so far. */
  intentOnly: boolean;
  firstTimestamp: number;
  lastTimestamp: number;
  /** Timestamp of the latest event that showed the item was watched or liked. */
  lastPositiveTimestamp?: number;
  eventCount: number;
}

/** Rescales a rating from `scale` to [0, 1]. */
export function normalizeRating(rating: number, scale: { min: number; max: number }): number {
  const r = (rating - scale.min) / (scale.max - scale.min);
  return r < 0 ? 0 : r > 1 ? 1 : r;
}

/**
 * Folds a user's events (any order) into one {@link ItemInteraction} per item. Events are
 * applied oldest first so "latest rating" and "dismissed after watching" mean what they say.
 */
export function foldInteractions(events: readonly TrackedEvent[], ratingScale: { min: number; max: number }): Map<string, ItemInteraction> {
  const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, ItemInteraction>();
  for (const e of ordered) {
    let it = out.get(e.contentId);
    if (!it) {
      it = {
        itemId: e.contentId,
        rewatch: false,
        dismissed: false,
        intentOnly: true,
        firstTimestamp: e.timestamp,
        lastTimestamp: e.timestamp,
        eventCount: 0,
      };
      out.set(e.contentId, it);
    }
    it.eventCount++;
    it.lastTimestamp = e.timestamp;
    if (e.rewatch) it.rewatch = true;
    // 'complete' means watched to the end, whether or not the host also sent a completion.
    const completion = e.completion ?? (e.type === 'complete' ? 1 : undefined);
    if (completion !== undefined) it.completion = Math.max(it.completion ?? 0, completion);
    if (e.rating !== undefined) it.rating = normalizeRating(e.rating, ratingScale);
    switch (e.type) {
      case 'like':
        it.liked = true;
        break;
      case 'dislike':
        it.liked = false;
        break;
      case 'dismiss':
        it.dismissed = true;
        break;
    }
    if (e.type !== 'click' && e.type !== 'play') it.intentOnly = false;
    if (isPositiveType(e.type)) {
      it.lastPositiveTimestamp = e.timestamp;
      if (e.type !== 'dismiss') it.dismissed = false;
    }
  }
  return out;
}

function isPositiveType(type: TrackedEvent['type']): boolean {
  return type === 'view' || type === 'complete' || type === 'rate' || type === 'like';
}

/**
 * The engagement of a folded interaction, or 0 when it carries no evidence of taste (only
 * intent signals, a dislike, or completion under the minimum).
 */
export function interactionEngagement(it: ItemInteraction, params: EngagementParams): number {
  if (it.liked === false) return 0;
  // A rating or like implies the item was watched even when no completion was reported.
  const completion = it.completion ?? (it.rating !== undefined || it.liked === true ? 1 : undefined);
  if (completion === undefined) return 0;
  if (completion < params.minCompletion) return 0;
  const w = params.weights;
  const span = 1 - params.minCompletion;
  // Maps minCompletion..1 to 0.5..1 (with the default 0.3: 0.5 + (c - 0.3) / 1.4).
  const cs = span > 0 ? 0.5 + (0.5 * (completion - params.minCompletion)) / span : 1;
  let e = w.completion * cs;
  if (it.rating !== undefined) e += w.rating * it.rating;
  else if (it.liked === true) e += w.rating;
  else e += w.rating * 0.5 * cs;
  if (it.rewatch) e += w.rewatch;
  if (it.dismissed) e += w.dismiss;
  return e < 0 ? 0 : e > 1 ? 1 : e;
}

/**
 * The evidence a single event gives about the user's taste for its item: its engagement for
 * watch/rate/like events, 0 for dislike and dismiss, and undefined for events that say nothing
 * (clicks, plays, views under the minimum completion).
 */
export function eventEvidence(event: TrackedEvent, params: EngagementParams): number | undefined {
  if (event.type === 'dislike' || event.type === 'dismiss') return 0;
  if (event.type === 'click' || event.type === 'play') return undefined;
  const single = foldInteractions([event], params.ratingScale).get(event.contentId)!;
  const completion = single.completion ?? (single.rating !== undefined || single.liked ? 1 : undefined);
  if (completion === undefined || completion < params.minCompletion) return undefined;
  return interactionEngagement(single, params);
}
