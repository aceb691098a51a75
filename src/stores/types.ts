/**
 * The ports: small async interfaces between the engine and storage. A host can implement any of
 * them over its own database and prove it with the conformance suites in
 * `@media-gateway/sona/testing`. Every method either completes fully or throws and changes
 * nothing; ids are the host's strings, stored verbatim.
 *
 * @packageDocumentation
 */
import type { ContentItem, TrackedEvent, UserAttributes, UserProfile } from '../core/types.js';
import type { Assignment, Experiment, ExperimentPatch, ExperimentStatus, NewExperiment, VariantTotals } from '../experiments/types.js';

/** The catalogue. */
export interface ContentRepository {
  /** Inserts or replaces items by id, all or none. */
  upsert(items: readonly ContentItem[]): Promise<void>;
  get(id: string): Promise<ContentItem | undefined>;
  /** The items that exist among `ids`, in the order of `ids`; unknown ids are skipped. */
  getMany(ids: readonly string[]): Promise<ContentItem[]>;
  /** Ids among `ids` that do not exist. */
  missing(ids: readonly string[]): Promise<string[]>;
  /** Every item, in batches, ordered by id. */
  scan(options?: { batchSize?: number }): AsyncIterable<ContentItem[]>;
  count(): Promise<number>;
  /** Deletes items; returns how many existed. */
  delete(ids: readonly string[]): Promise<number>;
}

/** Viewing events, append-only and idempotent on the event id. */
export interface EventRepository {
  /**
   * Stores events whose id is new, all in one atomic write, and returns those newly stored
   * (an event whose id is already stored, in this call or before, is skipped).
   */
  append(events: readonly TrackedEvent[]): Promise<TrackedEvent[]>;
  /** A user's events, newest first (ties by id, descending). */
  listByUser(userId: string, options?: { limit?: number }): Promise<TrackedEvent[]>;
  countByUser(userId: string): Promise<number>;
  /** Every event, oldest stored first, in batches. */
  scan(options?: { batchSize?: number }): AsyncIterable<TrackedEvent[]>;
  count(): Promise<number>;
  /** Deletes all of a user's events; returns how many there were. */
  deleteUser(userId: string): Promise<number>;
}

/** Derived user profiles. */
export interface ProfileRepository {
  get(userId: string): Promise<UserProfile | undefined>;
  /** Inserts or replaces the profile of `profile.userId`. */
  put(profile: UserProfile): Promise<void>;
  /** Deletes the user's profile and attributes; returns true when either existed. */
  delete(userId: string): Promise<boolean>;
  /** The host-given attributes of a user (independent of the profile: a user may have either). */
  getAttributes(userId: string): Promise<UserAttributes | undefined>;
  /** Inserts or replaces the attributes of `attributes.userId`. */
  putAttributes(attributes: UserAttributes): Promise<void>;
  /** Every user's attributes, in pages (the engine indexes demographics at start). */
  listAttributes(options?: { batchSize?: number }): AsyncIterable<UserAttributes[]>;
}

/** A stored vector. */
export interface VectorRecord {
  id: string;
  vector: Float32Array;
  /**
   * Provenance of the vector (SONA stores a digest of the embedding model and the item's text),
   * read back by {@link VectorStore.fingerprints}; '' when omitted.
   */
  fingerprint?: string;
}

/** One nearest-neighbour hit. */
export interface VectorMatch {
  id: string;
  /** Cosine similarity, -1..1. */
  score: number;
}

/** Options of {@link VectorStore.query}. */
export interface VectorQuery {
  /** How many matches at most. */
  k: number;
  /** Only these ids may match. */
  ids?: readonly string[];
  /** These ids never match. */
  excludeIds?: readonly string[];
}

/** Nearest-neighbour search by cosine similarity over fixed-dimension vectors. */
export interface VectorStore {
  /** Length every vector in this store has. */
  readonly dimension: number;
  /** Inserts or replaces vectors by id, all or none; a wrong length throws DimensionMismatchError. */
  upsert(records: readonly VectorRecord[]): Promise<void>;
  /** The stored vectors among `ids`. */
  get(ids: readonly string[]): Promise<Map<string, Float32Array>>;
  /** The fingerprint stored with each of `ids` that has a vector ('' when none was given). */
  fingerprints(ids: readonly string[]): Promise<Map<string, string>>;
  /** Returns how many existed. */
  delete(ids: readonly string[]): Promise<number>;
  /** The `k` most similar vectors, best first. */
  query(vector: Float32Array, options: VectorQuery): Promise<VectorMatch[]>;
  count(): Promise<number>;
}

/** Descriptive data stored beside a binary snapshot. */
export interface SnapshotInfo {
  name: string;
  version: number;
  sizeBytes: number;
  createdAt: Date;
  metadata: Record<string, unknown>;
}

/** A stored binary snapshot and its description. */
export interface Snapshot extends SnapshotInfo {
  data: Uint8Array;
}

/** Versioned binary model snapshots (factors, neighbours), one trainer and many readers. */
export interface ModelRepository {
  /** Stores a new version of `name` (1, 2, ...) and returns its number. Never overwrites. */
  save(name: string, data: Uint8Array, metadata?: Record<string, unknown>): Promise<number>;
  /** The newest version, or undefined. */
  latest(name: string): Promise<Snapshot | undefined>;
  get(name: string, version: number): Promise<Snapshot | undefined>;
  /** Versions of `name`, newest first. */
  list(name: string): Promise<SnapshotInfo[]>;
  /** Deletes one version, or all versions when `version` is omitted; returns how many. */
  delete(name: string, version?: number): Promise<number>;
}

/** Descriptive data of a stored adapter version. */
export interface AdapterInfo {
  userId: string;
  adapterName: string;
  version: number;
  sizeBytes: number;
  trainingIterations: number;
  createdAt: Date;
}

/** A stored adapter version with its bytes. */
export interface StoredAdapter extends AdapterInfo {
  data: Uint8Array;
}

/** Per-user LoRA adapters, versioned per (user, adapter name). */
export interface LoraAdapterRepository {
  /** Stores a new version (1, 2, ...) and returns its number. */
  save(userId: string, adapterName: string, data: Uint8Array, trainingIterations: number): Promise<number>;
  latest(userId: string, adapterName: string): Promise<StoredAdapter | undefined>;
  get(userId: string, adapterName: string, version: number): Promise<StoredAdapter | undefined>;
  /** Every stored version of the user's adapters, newest first. */
  list(userId: string): Promise<AdapterInfo[]>;
  /** Deletes one adapter name's versions (or one version); returns how many. */
  delete(userId: string, adapterName: string, version?: number): Promise<number>;
  /** Deletes every version of every adapter of the user (data deletion); returns how many. */
  deleteUser(userId: string): Promise<number>;
}

/** Experiments, variants, assignments, exposures and conversions. */
export interface ExperimentRepository {
  /** Creates an experiment with its variants in one write; names are unique. */
  create(input: NewExperiment): Promise<Experiment>;
  get(id: string): Promise<Experiment | undefined>;
  getByName(name: string): Promise<Experiment | undefined>;
  list(options?: { status?: ExperimentStatus }): Promise<Experiment[]>;
  /**
   * Updates the given fields and `updatedAt`; returns the updated experiment. A changed `seed`
   * deletes the experiment's assignments in the same write (re-seeding reshuffles users).
   */
  update(id: string, patch: ExperimentPatch): Promise<Experiment>;
  /** Deletes the experiment and everything recorded for it; returns true when it existed. */
  delete(id: string): Promise<boolean>;
  /**
   * Stores the assignment unless the user already has one in this experiment, and returns the
   * stored one either way: concurrent first assignments end in exactly one.
   */
  assign(experimentId: string, userId: string, variantId: string): Promise<Assignment>;
  getAssignment(experimentId: string, userId: string): Promise<Assignment | undefined>;
  /** Records that the user saw the variant; returns true only the first time per experiment. */
  recordExposure(experimentId: string, userId: string, variantId: string, context?: Record<string, unknown>): Promise<boolean>;
  /** Records one conversion (metric and value). */
  recordConversion(experimentId: string, userId: string, variantId: string, metric: string, value: number, metadata?: Record<string, unknown>): Promise<void>;
  /** Totals per variant. */
  totals(experimentId: string): Promise<VariantTotals[]>;
}

/**
 * Cached recommendation lists with a time to live. The engine calls `get` before computing a
 * list and `set` after. A cache shared by several processes must not serve a list whose
 * computation began (its `get` missed) before an invalidation of its user, even when the `set`
 * lands after that invalidation: the PostgreSQL cache stamps both (docs/stores.md).
 */
export interface RecommendationCache {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key` for `ttlSeconds`, tagged with `userId` for invalidation. */
  set<T>(key: string, userId: string, value: T, ttlSeconds: number): Promise<void>;
  /** Drops every entry of the user. */
  invalidateUser(userId: string): Promise<void>;
  clear(): Promise<void>;
}

/**
 * What one engine instance tells the others sharing its stores: the state each keeps in process
 * (popularity, attribute groups, the graph, the catalogue index, the running experiments, the
 * served snapshot) follows from these. Events carry the fields that state needs, not the
 * context.
 */
export type Change =
  | { kind: 'events'; events: Array<Pick<TrackedEvent, 'userId' | 'contentId' | 'type' | 'timestamp' | 'completion' | 'rating'> & { id: string }> }
  | { kind: 'items'; ids: string[] }
  | { kind: 'items-removed'; ids: string[] }
  | { kind: 'attributes'; userId: string }
  | { kind: 'user-forgotten'; userId: string }
  | { kind: 'experiments' }
  | { kind: 'snapshot'; version: number }
  /** Delivery may have missed changes (a dropped connection): re-read what can be re-read. */
  | { kind: 'resync' };

/**
 * A broadcast between the engine instances sharing one database: PostgreSQL's LISTEN/NOTIFY,
 * or an in-process bus for memory and PGlite stores. Delivery is best effort and in order per
 * publisher; a subscriber that may have missed changes receives `resync`.
 */
export interface ChangeFeed {
  /** Sends `change` to every subscriber, `origin` (the sender's instance id) included. */
  publish(change: Change, origin: string): Promise<void>;
  /** Calls `listener` for every change published, its own included; resolves to an unsubscribe. */
  subscribe(listener: (change: Change, origin: string) => void): Promise<() => Promise<void>>;
}

/** Every store the engine uses. */
export interface StoreSet {
  content: ContentRepository;
  events: EventRepository;
  profiles: ProfileRepository;
  vectors: VectorStore;
  models: ModelRepository;
  adapters: LoraAdapterRepository;
  experiments: ExperimentRepository;
  cache: RecommendationCache;
  /**
   * How instances sharing these stores keep in step (see {@link ChangeFeed}). Absent: this
   * instance hears only itself.
   */
  changes?: ChangeFeed;
}

/**
 * The methods of every port, by store. Each list is checked by the compiler against its
 * interface (nothing missing, nothing extra), so the engine's construction check cannot drift
 * from the ports.
 */
export const STORE_METHODS = {
  content: methods<ContentRepository>()(['upsert', 'get', 'getMany', 'missing', 'scan', 'count', 'delete']),
  events: methods<EventRepository>()(['append', 'listByUser', 'countByUser', 'scan', 'count', 'deleteUser']),
  profiles: methods<ProfileRepository>()(['get', 'put', 'delete', 'getAttributes', 'putAttributes', 'listAttributes']),
  vectors: methods<VectorStore>()(['upsert', 'get', 'fingerprints', 'delete', 'query', 'count']),
  models: methods<ModelRepository>()(['save', 'latest', 'get', 'list', 'delete']),
  adapters: methods<LoraAdapterRepository>()(['save', 'latest', 'get', 'list', 'delete', 'deleteUser']),
  experiments: methods<ExperimentRepository>()([
    'create',
    'get',
    'getByName',
    'list',
    'update',
    'delete',
    'assign',
    'getAssignment',
    'recordExposure',
    'recordConversion',
    'totals',
  ]),
  cache: methods<RecommendationCache>()(['get', 'set', 'invalidateUser', 'clear']),
  changes: methods<ChangeFeed>()(['publish', 'subscribe']),
} satisfies Record<keyof StoreSet, readonly string[]>;

/** The function-valued keys of `T`. */
type MethodsOf<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/**
 * Types a list of method names so that it must name every method of `T` and nothing else: a
 * missing one leaves `Exclude<...>` non-empty and the argument type `never`.
 */
function methods<T>() {
  return <const L extends ReadonlyArray<MethodsOf<T>>>(list: L & ([MethodsOf<T>] extends [L[number]] ? unknown : never)): L => list;
}
