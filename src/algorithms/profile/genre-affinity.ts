/**
 * Genre affinities as an exponential moving average of engagement per genre (the original SONA
 * crate's rule: `new = (1 - rate) × old + rate × engagement`, starting from a neutral prior).
 * Events are applied oldest first, so the result does not depend on arrival order.
 */
import type { TrackedEvent } from '../../core/types.js';
import { eventEvidence, type EngagementParams } from './engagement.js';

/** Parameters of {@link genreAffinities}. */
export interface GenreAffinityParams extends EngagementParams {
  /** Weight of the newest observation. */
  genreAffinityRate: number;
  /** Value of a genre with no evidence yet. */
  genreAffinityPrior: number;
}

/** Computes genre → affinity in [0, 1] from a user's events and the items' genres. */
export function genreAffinities(
  events: readonly TrackedEvent[],
  genresOf: (itemId: string) => readonly string[] | undefined,
  params: GenreAffinityParams,
): Record<string, number> {
  const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Genres come from data: a Map, so `constructor` or `__proto__` are genres like any other.
  const affinity = new Map<string, number>();
  const rate = params.genreAffinityRate;
  for (const event of ordered) {
    const evidence = eventEvidence(event, params);
    if (evidence === undefined) continue;
    for (const genre of genresOf(event.contentId) ?? []) {
      const key = genre.toLowerCase();
      const old = affinity.get(key) ?? params.genreAffinityPrior;
      affinity.set(key, (1 - rate) * old + rate * evidence);
    }
  }
  const out = Object.create(null) as Record<string, number>;
  for (const [genre, value] of affinity) out[genre] = value;
  return out;
}
