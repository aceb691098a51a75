import { resolveTuning, type Tuning, type TuningOptions } from '../core/config.js';
import { ConfigurationError } from '../core/errors.js';
import { HashingEmbedder } from '../embeddings/hashing-embedder.js';
import type { Embedder } from '../embeddings/types.js';
import { createMemoryStores } from '../stores/memory/index.js';
import type { StoreSet } from '../stores/types.js';

/** Options of {@link SonaEngine}. Everything is optional: zero configuration works. */
export interface SonaEngineOptions extends TuningOptions {
  /**
   * Storage. Any store left out is an in-memory one. A given `vectors` store must have the
   * embedder's dimension.
   */
  stores?: Partial<StoreSet>;
  /** Turns item text into vectors. @default new HashingEmbedder({ dimension: 512 }) */
  embedder?: Embedder;
  /** Clock in epoch milliseconds, e.g. to replay a historical data set. @default Date.now */
  clock?: () => number;
  /**
   * Receives failures of background work (adapter training on cadence, an unreadable stored
   * adapter). @default emits a process warning
   */
  onBackgroundError?: (error: unknown) => void;
}

const REQUIRED_METHODS: Record<keyof StoreSet, readonly string[]> = {
  content: ['upsert', 'get', 'getMany', 'missing', 'scan', 'count', 'delete'],
  events: ['append', 'listByUser', 'countByUser', 'scan', 'count', 'deleteUser'],
  profiles: ['get', 'put', 'delete'],
  vectors: ['upsert', 'get', 'fingerprints', 'delete', 'query', 'count'],
  models: ['save', 'latest', 'get', 'list', 'delete'],
  adapters: ['save', 'latest', 'get', 'list', 'delete', 'deleteUser'],
  experiments: ['create', 'get', 'getByName', 'list', 'update', 'delete', 'assign', 'getAssignment', 'recordExposure', 'recordConversion', 'totals'],
  cache: ['get', 'set', 'invalidateUser', 'clear'],
};

/** Everything the engine runs on, resolved and checked. */
export interface ResolvedOptions {
  tuning: Tuning;
  stores: StoreSet;
  embedder: Embedder;
  clock: () => number;
  onBackgroundError: (error: unknown) => void;
}

const warn = (error: unknown) => process.emitWarning(error instanceof Error ? error : String(error), 'SonaBackgroundWarning');

/** Applies defaults, validates every option and fills missing stores with memory ones. */
export function resolveOptions(options: SonaEngineOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('(options)', 'must be an object');
  const { stores: given = {}, embedder: givenEmbedder, clock = Date.now, onBackgroundError = warn, ...tuningInput } = options;
  if (typeof onBackgroundError !== 'function') throw new ConfigurationError('onBackgroundError', 'must be a function');
  const tuning = resolveTuning(tuningInput);
  if (typeof clock !== 'function') throw new ConfigurationError('clock', 'must be a function returning epoch milliseconds');
  const embedder = givenEmbedder ?? new HashingEmbedder({ dimension: 512 });
  if (typeof embedder.embed !== 'function' || !Number.isInteger(embedder.dimension) || embedder.dimension < 1) {
    throw new ConfigurationError('embedder', 'must implement Embedder (a positive integer dimension and embed())');
  }
  const defaults = createMemoryStores({ dimension: embedder.dimension });
  const stores = { ...defaults } as StoreSet;
  for (const key of Object.keys(given) as Array<keyof StoreSet>) {
    const store = given[key];
    if (store === undefined) continue;
    if (!(key in REQUIRED_METHODS)) throw new ConfigurationError(`stores.${key}`, 'is not a known store');
    for (const method of REQUIRED_METHODS[key]) {
      if (typeof (store as unknown as Record<string, unknown>)[method] !== 'function') {
        throw new ConfigurationError(`stores.${key}`, `must implement ${method}()`);
      }
    }
    (stores as unknown as Record<string, unknown>)[key] = store;
  }
  if (stores.vectors.dimension !== embedder.dimension) {
    throw new ConfigurationError('stores.vectors', `has dimension ${stores.vectors.dimension} but the embedder produces ${embedder.dimension}`);
  }
  return { tuning, stores, embedder, clock, onBackgroundError };
}
