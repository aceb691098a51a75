import { foldInteractions, type ItemInteraction } from '../algorithms/profile/engagement.js';
import { genreAffinities } from '../algorithms/profile/genre-affinity.js';
import { buildPreferenceVector } from '../algorithms/profile/preference-vector.js';
import { temporalPatterns } from '../algorithms/profile/temporal.js';
import type { Tuning } from './config.js';
import type { TrackedEvent, UserProfile } from '../core/types.js';
import type { StoreSet } from '../stores/types.js';
import type { CatalogIndex } from '../core/catalog-index.js';
import { LruMap } from '../core/lru-map.js';

/** A user's recent history, folded, as the pipeline and the profile builder need it (shared: never changed). */
export interface UserHistory {
  readonly events: readonly TrackedEvent[];
  readonly interactions: ReadonlyMap<string, ItemInteraction>;
}

/**
 * Users' folded histories, reused while a read returns the same events: a heavy user's request
 * then folds nothing, and what sources and the pipeline derive from the folded map (keyed by
 * it) is made once. Events are immutable once stored, so equal ids in equal order mean equal
 * histories, whichever instance wrote them.
 */
export class HistoryMemo {
  private readonly users: LruMap<string, { scale: Tuning['ratingScale']; history: UserHistory }>;

  constructor(capacity: number) {
    this.users = new LruMap(capacity);
  }

  /** The folded history of `events` (the user's newest first, as read). */
  fold(userId: string, events: readonly TrackedEvent[], scale: Tuning['ratingScale']): UserHistory {
    const kept = this.users.get(userId);
    if (kept && kept.scale === scale && sameEvents(kept.history.events, events)) return kept.history;
    const history = { events, interactions: foldInteractions(events, scale) };
    this.users.set(userId, { scale, history });
    return history;
  }

  /** Drops a user's history (the user was forgotten). */
  forget(userId: string): void {
    this.users.delete(userId);
  }
}

function sameEvents(a: readonly TrackedEvent[], b: readonly TrackedEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i]!.id !== b[i]!.id) return false;
  return true;
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
export async function loadHistory(stores: StoreSet, tuning: Tuning, userId: string, memo?: HistoryMemo): Promise<UserHistory> {
  const events = await stores.events.listByUser(userId, { limit: tuning.profile.historyLimit });
  return memo ? memo.fold(userId, events, tuning.ratingScale) : { events, interactions: foldInteractions(events, tuning.ratingScale) };
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
