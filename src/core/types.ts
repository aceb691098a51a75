/**
 * The public domain model. Ids are always the host's own strings; SONA never asks a host to
 * renumber anything. Field names here are a fixed contract: new fields may be added, none renamed.
 *
 * @packageDocumentation
 */

/** A catalogue entry: a film, an episode, a series, a track. */
export interface ContentItem {
  /** The host's id for this item (non-empty, at most 512 characters). */
  id: string;
  title: string;
  description?: string;
  genres?: string[];
  cast?: string[];
  directors?: string[];
  themes?: string[];
  releaseYear?: number;
  /** Host-side popularity in [0, 1]; used as a prior before any events are seen. */
  popularity?: number;
  /** Running time, used by device-aware scoring. */
  runtimeMinutes?: number;
  /** Anything else the host wants to keep with the item (JSON-serialisable). */
  metadata?: Record<string, unknown>;
}

/** The kinds of viewing event SONA understands. */
export type ViewingEventType =
  /** Started or partly watched; give `completion` when known. */
  | 'view'
  /** Watched to the end (completion 1 unless given). */
  | 'complete'
  /** Rated; `rating` is required and is read on the engine's `ratingScale`. */
  | 'rate'
  /** Explicit thumbs-up. */
  | 'like'
  /** Explicit thumbs-down: never recommended again, never a positive signal. */
  | 'dislike'
  /** Dismissed from a list ("not interested"): penalised and filtered. */
  | 'dismiss'
  /** Clicked a recommendation: an intent signal, used for conversions. */
  | 'click'
  /** Pressed play on a recommendation: an intent signal, used for conversions. */
  | 'play';

/** Every {@link ViewingEventType}, in a stable order. */
export const VIEWING_EVENT_TYPES = ['view', 'complete', 'rate', 'like', 'dislike', 'dismiss', 'click', 'play'] as const satisfies readonly ViewingEventType[];

/** A timestamp as a host may hold it: a `Date`, epoch milliseconds, or an ISO-8601 string. */
export type TimeInput = Date | number | string;

/** A validated, normalised event as the stores keep it. */
export interface TrackedEvent {
  /** Idempotency key (given by the host or derived). */
  id: string;
  userId: string;
  contentId: string;
  type: ViewingEventType;
  completion?: number;
  rating?: number;
  rewatch: boolean;
  /** Epoch milliseconds. */
  timestamp: number;
  context?: ViewingContext;
}

/** Device classes with distinct viewing habits. */
export type DeviceType = 'tv' | 'mobile' | 'desktop' | 'tablet';

/** The situation a request or event happened in, as validated: every field optional, time in epoch ms. */
export interface ViewingContext {
  /** The moment, epoch milliseconds. */
  time?: number;
  /** IANA time zone of the viewer, e.g. `Europe/Brussels` (default UTC). */
  timeZone?: string;
  device?: DeviceType;
  /** Free-text mood such as `happy`, `relaxed`, `excited`. */
  mood?: string;
  /** Who is watching along, e.g. `['family']`. */
  viewingWith?: string[];
}

/** When a user tends to watch: smoothed shares of their engagement per hour and weekday. */
export interface TemporalPatterns {
  /** 24 shares (hour 0..23 in the viewer's time zone), summing to 1. */
  hourly: number[];
  /** 7 shares (0 = Sunday .. 6 = Saturday), summing to 1. */
  weekday: number[];
}

/** What SONA knows about a user, rebuilt from their events. */
export interface UserProfile {
  userId: string;
  /** Unit-length taste vector in the embedder's space (all zeros before any positive event). */
  preferenceVector: Float32Array;
  /** Genre → affinity in [0, 1] (exponential moving average of engagement; 0.5 is neutral). */
  genreAffinities: Record<string, number>;
  temporalPatterns: TemporalPatterns;
  /** Number of events tracked for this user. */
  interactionCount: number;
  updatedAt: Date;
}

/**
 * What the host knows about a user beyond their viewing, set with
 * `engine.updateUserAttributes`. Cold-start sources use it: viewers who share a demographic
 * value ("Popular with viewers like you") and the stated genres ("Because you like Family").
 */
export interface UserAttributes {
  userId: string;
  /** Demographic facts as short strings, e.g. `{ ageBand: '25-34', country: 'BE' }`. */
  demographics: Record<string, string>;
  /** Genres the user said they like. */
  preferredGenres: string[];
  updatedAt: Date;
}

/**
 * The name of a candidate source. The built-in ones are listed; hosts may add their own.
 * `(string & {})` keeps editor completion for the known names.
 */
export type SourceName = 'content' | 'trending' | 'collaborative' | 'item-knn' | 'graph' | (string & {});

/** One source's part in a recommendation's score. */
export interface SourceContribution {
  source: SourceName;
  /** The source's weighted, normalised score for this item. */
  score: number;
  /** This source's share of the item's total score, 0..1. */
  share: number;
}

/** One recommended item with its provenance. */
export interface Recommendation {
  itemId: string;
  /** Blended score; comparable within one response only. */
  score: number;
  /** Contributing sources, largest share first. */
  sources: SourceContribution[];
  /**
   * One human sentence from the strongest signal, e.g. "Because you watched Heat"; never empty
   * ("More from the catalogue" for an item that only fills the list).
   */
  explanation: string;
  /** `experiment:variant` when the request was part of an experiment. */
  variant?: string;
}

/** An item and its similarity to a query item. */
export interface SimilarItem {
  itemId: string;
  /**
   * `viewers`: the trained models' blended similarity (who watches the two items alike), 0..1.
   * `content`: cosine similarity of the two items' embeddings, -1..1.
   */
  score: number;
  /** What judged the similarity: the trained models where they know the item, else the content embeddings. */
  by: 'viewers' | 'content';
}

/** Progress of long work such as `fit()`. */
export interface Progress {
  /** Which step is running, e.g. `embed-catalog`. */
  stage: string;
  done: number;
  total: number;
}

/** Options of long-running calls. */
export interface LongTaskOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}
