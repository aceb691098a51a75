/** Results of the engine's verbs. */
import type { SourceName } from '../core/types.js';
import type { TuningReport } from './tuning/index.js';

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
  /** Users and items the trained sources learned from, and the snapshot version published. */
  collaborative: { users: number; items: number; seconds: number; snapshotVersion?: number };
  /** What the tuner did: trials, chosen settings and validation scores (docs/tuning.md). */
  tuning: TuningReport;
  seconds: number;
}

/** Why an item scores as it does for a user: the user's items that contributed most. */
export interface Explanation {
  itemId: string;
  /** Which source explained it. */
  source: SourceName;
  contributions: Array<{ itemId: string; weight: number }>;
}
