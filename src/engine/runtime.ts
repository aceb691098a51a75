/**
 * Everything one engine instance runs on, wired once at construction: options, stores, the
 * in-process catalogue and popularity, the sources and the services around them. The facade
 * (engine.ts) and the verb modules share it.
 */
import { DecayedCounter } from '../algorithms/popularity/decayed-counter.js';
import { CatalogIndex } from '../core/catalog-index.js';
import { ConfigurationError } from '../core/errors.js';
import { ResponseWrites, watchedCache } from './response-writes.js';
import { KeyedMutex } from '../core/keyed-mutex.js';
import type { Embedder } from '../embeddings/types.js';
import { EventCounting } from './event-counting.js';
import { Experiments } from './experiments.js';
import { BUILTIN_SOURCES } from '../sources/builtin.js';
import { checkSources, SourceRegistry } from '../sources/registry.js';
import type { Source, SourceContext, SourceInput } from '../sources/source.js';
import type { Logger } from '../core/telemetry.js';
import { instrumentStores } from '../stores/instrumented.js';
import type { StoreSet } from '../stores/types.js';
import { AdapterService } from './adapters.js';
import { CandidateLists } from './pipeline/candidate-lists.js';
import { AttributeService } from './attributes.js';
import type { Tuning } from './config.js';
import { recommendOptionsSchema, similarItemsOptionsSchema } from './option-inputs.js';
import { resolveOptions, type SonaEngineOptions } from './options.js';
import { HistoryMemo, profileParams } from './profiles.js';
import { SourceFaults } from './source-faults.js';
import { Sync } from './sync.js';
import type { TunedSettings } from './tuning/stored.js';

/** Users whose folded history is kept (heavy histories take about 50 KB each). */
const HISTORY_USERS = 1000;

/** The shared state of one engine. */
export interface Runtime {
  /** The stores, each call traced (see stores/instrumented.ts). */
  readonly stores: StoreSet;
  /** The stores as the host gave them. */
  readonly rawStores: StoreSet;
  readonly embedder: Embedder;
  /** Settings with defaults applied; `blend.weights` covers every source. */
  tuning: Tuning;
  readonly clock: () => number;
  readonly catalog: CatalogIndex;
  readonly popularity: DecayedCounter;
  readonly sources: SourceRegistry;
  /** How events reach the sources' counts: as they arrive, and all again (see event-counting.ts). */
  readonly counting: EventCounting;
  /** Fresh instances of the sources that can be made again (all but host objects), by name: the tuner's shadows. */
  readonly remakers: ReadonlyMap<string, (context: SourceContext) => Source>;
  readonly userLocks: KeyedMutex;
  /** Which pending response-cache writes are still fresh. */
  readonly responseWrites: ResponseWrites;
  /** Users' candidate lists kept between requests. */
  readonly lists: CandidateLists;
  /** Users' folded histories, reused while their events are unchanged (absent when lists are off). */
  readonly histories: HistoryMemo | undefined;
  readonly attributes: AttributeService;
  readonly adapters: AdapterService;
  readonly experiments: Experiments;
  readonly onBackgroundError: (error: unknown) => void;
  /** Sources that threw in a request, reported to `onBackgroundError` without flooding it. */
  readonly sourceFaults: SourceFaults;
  readonly logger: Logger | undefined;
  /** This instance's link to the others on the same stores. */
  readonly sync: Sync;
  /** The options key of each built-in source's settings, by source name (`collaborative` for ALS). */
  readonly settingsKeys: ReadonlyMap<string, string>;
  /** What `fit()` tuned last (here or on the instance that published the snapshot). */
  tuned: TunedSettings | undefined;
  /** Version of the model snapshot being served (undefined before any). */
  snapshotVersion: number | undefined;
  /** Settings the host set explicitly, by path (`collaborative.factors`): the tuner leaves them alone. */
  readonly pinned: ReadonlySet<string>;
  readonly schemas: {
    recommend: ReturnType<typeof recommendOptionsSchema>;
    similar: ReturnType<typeof similarItemsOptionsSchema>;
  };
}

/** Validates `options` and wires an engine's runtime. */
export function createRuntime(options: SonaEngineOptions): Runtime {
  const resolved = resolveOptions(options);
  const { embedder, clock, onBackgroundError, logger } = resolved;
  const responseWrites = new ResponseWrites();
  const instrumented = instrumentStores(resolved.stores);
  const stores = { ...instrumented, cache: watchedCache(instrumented.cache, responseWrites) };
  const catalog = new CatalogIndex();
  const popularity = new DecayedCounter(resolved.tuning.trending.halfLifeDays);
  const context: SourceContext = { catalog, popularity, vectors: stores.vectors, engagement: profileParams(resolved.tuning) };
  const made = makeSources(resolved, context);
  const sourceFaults = new SourceFaults(onBackgroundError);
  const registry = new SourceRegistry(
    made.map((m) => m.source),
    context,
    (source, error) => sourceFaults.failed(source, error),
  );
  const remakers = new Map(made.flatMap((m) => (m.remake ? [[m.source.name, m.remake] as const] : [])));
  // Weights the host gave replace the defaults; otherwise every source brings its own.
  const weights = options.blend?.weights !== undefined ? resolved.tuning.blend.weights : registry.defaultWeights();
  registry.sleepUnweighted(weights);
  const tuning: Tuning = { ...resolved.tuning, blend: { ...resolved.tuning.blend, weights } };
  const sync = new Sync(stores.changes);
  return {
    sync,
    stores,
    rawStores: resolved.stores,
    embedder,
    tuning,
    clock,
    catalog,
    popularity,
    sources: registry,
    counting: new EventCounting(registry),
    remakers,
    settingsKeys: new Map(BUILTIN_SOURCES.flatMap((d) => (d.settingsKey ? [[d.name, d.settingsKey] as const] : []))),
    tuned: undefined,
    snapshotVersion: undefined,
    userLocks: new KeyedMutex(),
    responseWrites,
    lists: new CandidateLists(tuning.recommend.candidateLists),
    // Folded histories of the most recent users with lists, at most HISTORY_USERS of them.
    histories: tuning.recommend.candidateLists > 0 ? new HistoryMemo(Math.min(tuning.recommend.candidateLists, HISTORY_USERS)) : undefined,
    attributes: new AttributeService(stores, tuning, registry, clock),
    adapters: new AdapterService(stores, tuning, embedder, catalog, clock, onBackgroundError),
    experiments: new Experiments(stores.experiments, clock, tuning.experiments.refreshMs, () => void sync.publish({ kind: 'experiments' }, onBackgroundError)),
    onBackgroundError,
    sourceFaults,
    logger,
    pinned: pinnedPaths(options),
    schemas: { recommend: recommendOptionsSchema(tuning.recommend.maxCount), similar: similarItemsOptionsSchema(tuning.recommend.maxCount) },
  };
}

/** A source and, when it can be made again from a context, how. */
interface MadeSource {
  source: Source;
  remake?: (context: SourceContext) => Source;
}

/** The built-in sources chosen, then the host's: one named like a built-in replaces it. */
function makeSources(resolved: ReturnType<typeof resolveOptions>, context: SourceContext): MadeSource[] {
  const chosen = resolved.builtinSources;
  const known = new Set<string>(BUILTIN_SOURCES.map((d) => d.name));
  if (Array.isArray(chosen)) {
    const unknown = chosen.find((name) => !known.has(name));
    if (unknown !== undefined)
      throw new ConfigurationError('builtinSources', `has no source named ${JSON.stringify(unknown)}; choose from ${[...known].join(', ')}`);
  }
  const host = resolved.sources.map((input: SourceInput, i): MadeSource => {
    const source = typeof input === 'function' ? input(context) : input;
    if (typeof source !== 'object' || source === null) throw new ConfigurationError(`sources[${i}]`, 'must be a source or a function returning one');
    return typeof input === 'function' ? { source, remake: input } : { source };
  });
  // Checked here too, so a fault is named by the host's own index, not the built-ins' and theirs together.
  checkSources(host.map((m) => m.source));
  const replaced = new Set(host.map((m) => m.source.name));
  const settings = resolved.tuning as unknown as Record<string, unknown>;
  const builtin = BUILTIN_SOURCES.filter((d) => (chosen === true || (Array.isArray(chosen) && chosen.includes(d.name))) && !replaced.has(d.name)).map(
    (d): MadeSource => {
      const remake = (c: SourceContext) => (d.create as (c: SourceContext, s: unknown) => Source)(c, d.settingsKey ? settings[d.settingsKey] : undefined);
      return { source: remake(context), remake };
    },
  );
  return [...builtin, ...host];
}

/** Every leaf path the host set in the options, e.g. `collaborative.factors`, `blend.weights`. */
function pinnedPaths(options: SonaEngineOptions): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (path === 'blend.weights' || typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (path) out.add(path);
      return;
    }
    for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
  };
  const { stores: _s, embedder: _e, sources: _so, builtinSources: _b, clock: _c, onBackgroundError: _o, ...tuning } = options;
  walk(tuning, '');
  return out;
}
