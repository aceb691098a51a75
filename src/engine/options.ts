import { ConfigurationError } from '../core/errors.js';
import { log, type Logger } from '../core/telemetry.js';
import { HashingEmbedder } from '../embeddings/hashing-embedder.js';
import type { Embedder } from '../embeddings/types.js';
import type { BuiltinSourceName } from '../sources/builtin.js';
import type { SourceInput } from '../sources/source.js';
import { createMemoryStores } from '../stores/memory/index.js';
import { STORE_METHODS, type StoreSet } from '../stores/types.js';
import { resolveTuning, type Tuning, type TuningOptions } from './config.js';

/** Options of {@link SonaEngine}. Everything is optional: zero configuration works. */
export interface SonaEngineOptions extends TuningOptions {
  /**
   * Storage. Any store left out is an in-memory one. A given `vectors` store must have the
   * embedder's dimension.
   */
  stores?: Partial<StoreSet>;
  /** Turns item text into vectors. @default new HashingEmbedder({ dimension: 512 }) */
  embedder?: Embedder;
  /**
   * The host's own recommendation sources (objects, or functions of the engine's context),
   * blended like the built-in ones. One named like a built-in source replaces it.
   */
  sources?: readonly SourceInput[];
  /** Which built-in sources run: all (`true`), none (`false`) or those named. @default true */
  builtinSources?: boolean | readonly BuiltinSourceName[];
  /** Clock in epoch milliseconds, e.g. to replay a historical data set. @default Date.now */
  clock?: () => number;
  /**
   * Receives failures of background work and of sources (adapter training on cadence, an
   * unreadable stored adapter, a cache write, a source that threw). If it throws in turn, that
   * goes to `logger` (or a process warning), never to an unhandled rejection.
   * @default emits a process warning
   */
  onBackgroundError?: (error: unknown) => void;
  /**
   * Where the engine logs what happens out of sight: fits and their tuning, background failures,
   * snapshots skipped, popularity counted again for another instance's snapshot
   * (`sona.snapshot.recount`) and everything read again after a lost connection (`sona.resync`).
   * pino, bunyan, winston and `console` fit. @default none
   */
  logger?: Logger;
}

/** Everything the engine runs on, resolved and checked. */
export interface ResolvedOptions {
  tuning: Tuning;
  stores: StoreSet;
  embedder: Embedder;
  sources: readonly SourceInput[];
  builtinSources: boolean | readonly string[];
  clock: () => number;
  onBackgroundError: (error: unknown) => void;
  logger: Logger | undefined;
}

const warn = (error: unknown) => process.emitWarning(error instanceof Error ? error : String(error), 'SonaBackgroundWarning');

/**
 * The host's failure handler, made safe to call from background work: it runs where nothing
 * awaits it (a promise's catch), so a throw there would be an unhandled rejection and, in a
 * default Node process, end it.
 */
function shielded(report: (error: unknown) => void, logger: Logger | undefined): (error: unknown) => void {
  return (error) => {
    try {
      report(error);
    } catch (failure) {
      if (logger) log(logger, 'error', { err: failure, reported: error }, 'SONA: onBackgroundError threw');
      else warn(failure);
    }
  };
}

/** Applies defaults, validates every option and fills missing stores with memory ones. */
export function resolveOptions(options: SonaEngineOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('(options)', 'must be an object');
  const {
    stores: given = {},
    embedder: givenEmbedder,
    sources = [],
    builtinSources = true,
    clock = Date.now,
    logger,
    onBackgroundError = logger ? (error: unknown) => log(logger, 'error', { err: error }, 'SONA background work failed') : warn,
    ...tuningInput
  } = options;
  if (typeof onBackgroundError !== 'function') throw new ConfigurationError('onBackgroundError', 'must be a function');
  if (logger !== undefined && (typeof logger !== 'object' || logger === null))
    throw new ConfigurationError('logger', 'must be an object with info, warn or error methods (pino, console)');
  if (typeof clock !== 'function') throw new ConfigurationError('clock', 'must be a function returning epoch milliseconds');
  if (!Array.isArray(sources)) throw new ConfigurationError('sources', 'must be an array of sources');
  if (typeof builtinSources !== 'boolean' && !(Array.isArray(builtinSources) && builtinSources.every((n) => typeof n === 'string'))) {
    throw new ConfigurationError('builtinSources', 'must be true, false or an array of built-in source names');
  }
  const tuning = resolveTuning(tuningInput);
  const embedder = givenEmbedder ?? new HashingEmbedder({ dimension: 512 });
  if (typeof embedder.embed !== 'function' || !Number.isInteger(embedder.dimension) || embedder.dimension < 1) {
    throw new ConfigurationError('embedder', 'must implement Embedder (a positive integer dimension and embed())');
  }
  const stores = { ...createMemoryStores({ dimension: embedder.dimension }) };
  for (const key of Object.keys(given) as Array<keyof StoreSet>) {
    const store = given[key];
    if (store === undefined) continue;
    if (!Object.hasOwn(STORE_METHODS, key)) throw new ConfigurationError(`stores.${key}`, 'is not a known store');
    for (const method of STORE_METHODS[key]) {
      if (typeof (store as unknown as Record<string, unknown>)[method] !== 'function') {
        throw new ConfigurationError(`stores.${key}`, `must implement ${method}()`);
      }
    }
    (stores as Record<keyof StoreSet, unknown>)[key] = store;
  }
  if (stores.vectors.dimension !== embedder.dimension) {
    throw new ConfigurationError('stores.vectors', `has dimension ${stores.vectors.dimension} but the embedder produces ${embedder.dimension}`);
  }
  return { tuning, stores, embedder, sources, builtinSources, clock, onBackgroundError: shielded(onBackgroundError, logger), logger };
}
