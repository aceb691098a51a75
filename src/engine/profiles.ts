import { foldInteractions, type ItemInteraction } from '../algorithms/profile/engagement.js';
import { genreAffinities } from '../algorithms/profile/genre-affinity.js';
import { buildPreferenceVector } from '../algorithms/profile/preference-vector.js';
import { temporalPatterns } from '../algorithms/profile/temporal.js';
import type { Tuning } from './config.js';
import type { TrackedEvent, UserProfile } from '../core/types.js';
import type { StoreSet } from '../stores/types.js';
import type { CatalogIndex } from '../core/catalog-index.js';

/** A user's recent history, folded, as the pipeline and the profile builder need it. */
export interface UserHistory {
  events: TrackedEvent[];
  interactions: Map<string, ItemInteraction>;
}

/** Parameters of the profile algorithms, gathered from the engine's tuning. */
export function profileParams(tuning: Tuning) {
  return {
    ...tuning.profile,
    weights: tuning.engagement,
    ratingScale: tuning.ratingScale,
  };
}

/** Loads a user's newest events (up to the history limit) and folds them per item. */
export async function loadHistory(stores: StoreSet, tuning: Tuning, userId: string): Promise<UserHistory> {
  const events = await stores.events.listByUser(userId, { limit: tuning.profile.historyLimit });
  return { events, interactions: foldInteractions(events, tuning.ratingScale) };
}

/** Rebuilds a user's profile from their stored history and stores it. */
export async function rebuildProfile(stores: StoreSet, tuning: Tuning, catalog: CatalogIndex, userId: string, now: number): Promise<UserProfile> {
  const [history, interactionCount] = await Promise.all([loadHistory(stores, tuning, userId), stores.events.countByUser(userId)]);
  const params = profileParams(tuning);
  const embeddings = await stores.vectors.get([...history.interactions.keys()]);
  const profile: UserProfile = {
    userId,
    preferenceVector: buildPreferenceVector(history.interactions.values(), (id) => embeddings.get(id), stores.vectors.dimension, params, now),
    genreAffinities: genreAffinities(history.events, (id) => catalog.genresOf(id), params),
    temporalPatterns: temporalPatterns(history.events, params),
    interactionCount,
    updatedAt: new Date(now),
  };
  await stores.profiles.put(profile);
  return profile;
}
