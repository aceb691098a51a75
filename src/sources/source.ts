/**
 * The source contract: a recommendation source proposes and scores items for a request and
 * keeps whatever state it needs from the catalogue, the events and its own training. The engine
 * blends every source's scores by weight and knows no source by name; the built-in ones live in
 * the folders beside this file, and a host adds its own through `createEngine({ sources })`.
 *
 * @packageDocumentation
 */
import type { ItemInteraction } from '../algorithms/profile/engagement.js';
import type { PreferenceParams } from '../algorithms/profile/preference-vector.js';
import type { DecayedCounter } from '../algorithms/popularity/decayed-counter.js';
import type { InteractionMatrix } from '../algorithms/cf/matrix.js';
import type { CatalogIndex } from '../core/catalog-index.js';
import type { IdMap } from '../core/id-map.js';
import type { ContentItem, Progress, ViewingContext, TrackedEvent, UserAttributes, UserProfile } from '../core/types.js';
import type { VectorStore } from '../stores/types.js';

/**
 * How a source's blend weight follows the user's history (`coldStart.minInteractions`):
 * - `personal`: built from the user's own events; fades in as they accumulate;
 * - `cold-start`: stands in for missing history (stated genres, demographics); fades out;
 * - `ambient`: needs no history (trending, context, editorial picks); constant.
 */
export type SourceRole = 'personal' | 'cold-start' | 'ambient';

/** What a source is asked for one recommendation request. */
export interface SourceRequest {
  userId: string;
  /** The stored profile, if the user has one. */
  profile?: UserProfile;
  /**
   * The user's recent history, folded per item. While the engine keeps lists, it hands out the
   * same map for as long as the user's events are unchanged, so a source may key what it derives
   * from a history on this map (in a WeakMap) and find it again on the next request.
   */
  interactions: ReadonlyMap<string, ItemInteraction>;
  /** Items that must not be proposed. */
  excluded: ReadonlySet<string>;
  /** How many candidates to propose at most. */
  limit: number;
  /** The request's clock, epoch milliseconds. */
  now: number;
  context?: ViewingContext;
  /** Genres the user stated they like (lower-case). */
  preferredGenres?: readonly string[];
  /** Demographic facts the host gave for the user. */
  demographics?: Readonly<Record<string, string>>;
}

/** A proposed item with the source's own raw score (higher is better, any scale). */
export interface Candidate {
  itemId: string;
  score: number;
  /** The sentence to show when this source is the item's strongest signal. */
  reason?: string;
  /**
   * A short clause this source may add to another source's sentence when it carries the most
   * weight without explaining the item (", and trending this week"); only for true claims.
   */
  clause?: string;
}

/** A setting the tuner may change, with the range it searches. */
export interface Tunable {
  /** Key of the setting in the source's settings object. */
  key: string;
  /** Lowest and highest value tried. */
  min: number;
  max: number;
  /** `log`: searched on a logarithmic scale (regularisation, counts); `linear` otherwise. */
  scale: 'log' | 'linear';
  /** Whole numbers only. */
  integer?: boolean;
}

/** What model-training sources learn from in `fit()`. */
export interface TrainingData {
  /** Users × items, 1 for every positive interaction (engagement above zero). */
  matrix: InteractionMatrix;
}

/** Progress and cancellation of long work. */
export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/**
 * A source's part of a model snapshot: JSON metadata and typed arrays, over the item indices of
 * the snapshot's shared item list.
 */
export interface ModelSection {
  meta: Record<string, unknown>;
  arrays: Record<string, Float32Array | Int32Array>;
}

/** The user's items that contributed most to one item's score. */
export interface Contribution {
  itemId: string;
  weight: number;
}

/**
 * A recommendation source. Only `name`, `role` and `candidates` are required; every other
 * member is a capability the engine uses when present.
 */
export interface Source {
  /** Unique within an engine; the key of its blend weight and of its results' `sources` entries. */
  readonly name: string;
  readonly role: SourceRole;
  /** Blend weight when the host configures none. */
  readonly defaultWeight: number;
  /** The sentence for items it leads when it gives no `reason` of its own. */
  readonly reason?: string;
  /** Settings the tuner may change on the host's data (see docs/tuning.md). */
  readonly tunables?: readonly Tunable[];
  /**
   * Settings of the tunables known to do well on some kinds of data (published practice), tried
   * by the tuner before it searches around the best: starting points, not answers.
   */
  readonly presets?: ReadonlyArray<Readonly<Record<string, number>>>;

  /** False when the source has nothing to go on for this request: it then takes no share. */
  appliesTo?(request: SourceRequest): boolean;
  /** Proposes up to `request.limit` candidates, best first. */
  candidates(request: SourceRequest): Promise<Candidate[]>;
  /**
   * Scores items other sources proposed, on the same scale as `candidates`, so the blend judges
   * every candidate by every signal. `indices`, when given, are the items' indices in the
   * catalogue the engine lent the source (`SourceContext.catalog`), in the same order: a source
   * that works on that catalogue may use them instead of looking each id up.
   */
  score?(request: SourceRequest, itemIds: readonly string[], indices?: readonly number[]): Promise<Candidate[]>;
  /**
   * Present when `candidates` is a pure ranking, and `score` a pure function of each item, that
   * depend only on the user's interactions and profile, the catalogue and the source's own state
   * (never on the clock, the context, stated genres, the request's exclusions or the other items
   * asked), so the engine may keep each user's list and the scores it gave between requests
   * (`recommend.candidateLists`). Returns a number that changes whenever that state does: a
   * refit, an imported model, new settings.
   */
  stateVersion?(): number;
  /**
   * Latent vectors of the items it knows (collaborative factors), which place items by who
   * watches them: the engine judges a list's variety by them where it can (see
   * docs/concepts.md, "Diversity").
   */
  itemVectors?(itemIds: readonly string[]): Map<string, Float32Array>;
  /**
   * The items most like `itemId` by this source's own model (who watches them alike), best
   * first, at most `count`; empty when it knows nothing of the item. `engine.similarItems`
   * blends these before it falls back to content embeddings.
   */
  similar?(itemId: string, count: number): Candidate[];
  /** Sentences for final results this source leads, when it can say more than `reason`. */
  explain?(request: SourceRequest, itemIds: readonly string[]): Promise<Map<string, string>>;
  /** The user's items behind `itemId`'s score (`engine.explain`), or undefined when it cannot tell. */
  contributions?(interactions: Iterable<ItemInteraction>, itemId: string, count: number): Contribution[] | undefined;

  /**
   * True when the source's state is built only from `addItems` and `addEvents` (and the removals
   * and forgetting that follow them), and adding the same items or events again changes nothing.
   * The engine then withholds them while the source has no blend weight, and replays the stores
   * into it when a request first gives it one: a costly signal that is off costs nothing.
   */
  readonly lazy?: boolean;
  /** Catalogue items added or changed. */
  addItems?(items: readonly ContentItem[]): void;
  /** Catalogue items removed. */
  removeItems?(ids: readonly string[]): void;
  /** New events, as tracked, as loaded at start and as replayed by `fit()`. */
  addEvents?(events: readonly TrackedEvent[]): void;
  /** Drops event-derived state before `fit()` replays every stored event. */
  clearEvents?(): void;
  /**
   * A user's host-given attributes changed (or were loaded at start). `history` reads the user's
   * stored events, for state that counts them by attribute.
   */
  setUserAttributes?(attributes: UserAttributes, history?: () => Promise<readonly TrackedEvent[]>): Promise<void> | void;
  /** Forgets everything kept about a user. */
  forgetUser?(userId: string): void;

  /** Trains on the stored events (`engine.fit()`), with the given settings when the tuner chose them. */
  fit?(data: TrainingData, run: RunOptions, settings?: Readonly<Record<string, number>>): Promise<void>;
  /** True when the source holds a trained model. */
  readonly fitted?: boolean;
  /** The current values of the `tunables`, by key. */
  readonly settings?: Readonly<Record<string, number>>;
  /** The trained model for the snapshot, over the item indices of the data it was fitted on. */
  exportModel?(): ModelSection | undefined;
  /** Installs a model from a snapshot; `items` maps the snapshot's item indices to ids. */
  importModel?(section: ModelSection, items: IdMap): void;
  /** Throws StoreError when `importModel` would refuse the section; installs nothing. */
  checkModel?(section: ModelSection, items: IdMap): void;
}

/** What the engine lends every source it creates. */
export interface SourceContext {
  /** In-process catalogue facts: dense indices, genres, titles, running times, popularity priors. */
  readonly catalog: CatalogIndex;
  /** Time-decayed interest per catalogue index, fed by every event. */
  readonly popularity: DecayedCounter;
  /** The item vectors. */
  readonly vectors: VectorStore;
  /** How events turn into engagement weights, and how those decay with age. */
  readonly engagement: PreferenceParams;
}

/** A source the host passes to `createEngine`, as an object or made from the engine's context. */
export type SourceInput = Source | ((context: SourceContext) => Source);
