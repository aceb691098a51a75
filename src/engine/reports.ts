/** Results of the engine's verbs. */
import type { SourceName } from '../core/types.js';

/** What {@link SonaEngine.track} did. */
export interface TrackResult {
  /** Events newly stored. */
  stored: number;
  /** Events skipped because an event with the same id was already stored. */
  duplicates: number;
}

/** What {@link SonaEngine.fit} did. */
export interface FitReport {
  items: number;
  itemsEmbedded: number;
  events: number;
  profiles: number;
  /** Users and items the collaborative models were trained on. */
  collaborative: { users: number; items: number; seconds: number; snapshotVersion?: number };
  seconds: number;
}

/** Why an item scores as it does for a user: the user's items that contributed most. */
export interface Explanation {
  itemId: string;
  /** Which source explained it. */
  source: SourceName;
  contributions: Array<{ itemId: string; weight: number }>;
}
