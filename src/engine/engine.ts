import { DecayedCounter } from '../algorithms/popularity/decayed-counter.js';
import type { Tuning } from '../core/config.js';
import { ClosedError, NotFoundError, ValidationError } from '../core/errors.js';
import { KeyedMutex } from '../core/keyed-mutex.js';
import type {
  ContentItem,
  LongTaskOptions,
  Recommendation,
  RecommendOptions,
  SimilarItem,
  SimilarItemsOptions,
  TrackedEvent,
  UserAttributes,
  UserProfile,
} from '../core/types.js';
import {
  assertId,
  asEventArray,
  validateContentItem,
  validateContext,
  validateCount,
  validateEvent,
  validateIdList,
  assertOptions,
  validateLongTaskOptions,
  type UserAttributesUpdate,
} from '../core/validate.js';
import type { Embedder } from '../embeddings/types.js';
import type { StoreSet } from '../stores/types.js';
import { embedCatalog, embedItems, type EmbedCatalogOptions, type EmbedCatalogReport } from './catalog-embedding.js';
import { AdapterService, type AdapterTrainingReport } from './adapters.js';
import { CatalogIndex } from './catalog-index.js';
import type { Explanation, FitReport, TrackResult } from './reports.js';
import { applyVariants } from '../experiments/apply.js';
import { validateFilters } from './filters.js';
import { responseCacheKey } from './response-cache.js';
import { Experiments } from '../experiments/experiments.js';
import type { ExperimentResults, ResultsOptions } from '../experiments/results.js';
import { resolveOptions, type SonaEngineOptions } from './options.js';
import { loadHistory, profileParams, rebuildProfile } from './profiles.js';
import type { BlendedItem } from './blend.js';
import { runPipeline, type RecommendationResponse } from './recommend.js';
import { COLLABORATIVE_SNAPSHOT, decodeCollaborative, type CollaborativeModels } from './collaborative.js';
import { fitEngine, trendingWeight } from './fit.js';
import { CollaborativeSource } from './sources/collaborative.js';
import { ContentSource } from './sources/content.js';
import { ContextSource } from './sources/context.js';
import { GraphSource } from './sources/graph.js';
import { StatedGenresSource } from './sources/stated.js';
import { DemographicSource } from './sources/demographic.js';
import { AttributeService } from './attributes.js';
import { TrendingSource } from './sources/trending.js';
import type { CandidateSource } from './sources/types.js';

export type { Explanation, FitReport, TrackResult } from './reports.js';

const EMBED_BATCH = 256;

/**
 * The recommendation engine: one object with the domain's verbs. Construct it with no options
 * for in-memory stores and the hashing embedder, or wire a host's own stores.
 *
 * @example
 * ```ts
 * const engine = await createEngine();
 * await engine.upsertContent([{ id: 'heat', title: 'Heat', genres: ['Crime'] }]);
 * await engine.track({ userId: 'u1', contentId: 'heat', type: 'complete' });
 * const recs = await engine.recommend('u1', { count: 10 });
 * ```
 */
export class SonaEngine {
  /** The stores this engine reads and writes. */
  readonly stores: StoreSet;
  /** The embedder item vectors come from. */
  readonly embedder: Embedder;
  /** Validated tuning with defaults applied. */
  readonly tuning: Tuning;
  private readonly clock: () => number;
  private readonly catalog = new CatalogIndex();
  private readonly trending: DecayedCounter;
  private readonly sources: CandidateSource[];
  private readonly collaborative: CollaborativeSource;
  private readonly itemKnn: CollaborativeSource;
  private readonly graph: GraphSource;
  private readonly userLocks = new KeyedMutex();
  private warmup: Promise<void> | undefined;
  private closed = false;
  /**
   * A/B tests of recommendation variants. `recommend()` assigns users to running experiments,
   * applies their variant's config, records an exposure and tags results with the variant;
   * `track()` records conversions (click, play, complete, ...) for the user's variants.
   */
  readonly experiments: Experiments;
  private readonly adapters: AdapterService;
  private readonly demographic: DemographicSource;
  private readonly attributes: AttributeService;

  /** Validates `options` (throwing ConfigurationError) and wires the stores. Loading is lazy. */
  constructor(options: SonaEngineOptions = {}) {
    const resolved = resolveOptions(options);
    this.stores = resolved.stores;
    this.embedder = resolved.embedder;
    this.tuning = resolved.tuning;
    this.clock = resolved.clock;
    this.trending = new DecayedCounter(this.tuning.trending.halfLifeDays);
    this.experiments = new Experiments(this.stores.experiments, this.clock, this.tuning.experiments.refreshMs);
    this.adapters = new AdapterService(this.stores, this.tuning, this.embedder, this.catalog, this.clock, resolved.onBackgroundError);
    const live = (id: string) => this.catalog.has(id);
    const engagement = profileParams(this.tuning);
    this.collaborative = new CollaborativeSource('collaborative', live, engagement, 'Popular with viewers like you');
    this.itemKnn = new CollaborativeSource('item-knn', live, engagement, 'Often watched together with your picks', (id) => this.catalog.titleOf(id));
    this.demographic = new DemographicSource(this.catalog, this.tuning.trending.halfLifeDays);
    this.attributes = new AttributeService(this.stores, this.tuning, this.demographic, this.clock);
    this.sources = [
      new ContentSource(this.stores.vectors, live),
      new TrendingSource(this.catalog, this.trending),
      new ContextSource(this.catalog, engagement),
      new StatedGenresSource(this.catalog, this.trending),
      this.demographic,
      (this.graph = new GraphSource(engagement, this.tuning.graph)),
      this.collaborative,
      this.itemKnn,
    ];
  }

  /**
   * Loads the catalogue index and trending counts from the stores. Every verb calls it on first
   * use; call it yourself to pay the cost at start-up. Safe to call repeatedly.
   */
  ready(): Promise<void> {
    this.assertOpen();
    this.warmup ??= this.load().catch((err: unknown) => {
      this.warmup = undefined;
      throw err;
    });
    return this.warmup;
  }

  /**
   * Adds or replaces catalogue items, embedding each one. All items are validated first; an
   * invalid one rejects the whole call and stores nothing.
   */
  async upsertContent(items: ContentItem | readonly ContentItem[]): Promise<{ upserted: number }> {
    await this.ready();
    const list = Array.isArray(items) ? items : [items];
    if (list.length === 0) throw new ValidationError('items', 'must not be an empty array');
    const valid = list.map((item, i) => validateContentItem(item, Array.isArray(items) ? `items[${i}]` : 'item'));
    const unique = [...new Map(valid.map((item) => [item.id, item])).values()];
    for (let start = 0; start < unique.length; start += EMBED_BATCH) {
      const batch = unique.slice(start, start + EMBED_BATCH);
      await this.embedAndStore(batch);
    }
    return { upserted: unique.length };
  }

  /** Removes catalogue items and their vectors; returns how many existed. */
  async deleteContent(ids: readonly string[]): Promise<{ deleted: number }> {
    await this.ready();
    const valid = validateIdList(ids, 'ids');
    await this.stores.vectors.delete(valid);
    const deleted = await this.stores.content.delete(valid);
    this.catalog.remove(valid);
    this.graph.removeItems(valid);
    return { deleted };
  }

  /**
   * Records viewing events and updates the affected users' profiles. Every event is validated
   * (and its content must exist) before anything is stored; a retried event with the same id
   * is stored once.
   */
  async track(events: unknown): Promise<TrackResult> {
    await this.ready();
    const isArray = Array.isArray(events);
    const raw = asEventArray(events);
    const now = this.clock();
    const valid = raw.map((e, i) => validateEvent(e, isArray ? `events[${i}]` : 'event', this.tuning.ratingScale, now));
    await this.assertContentExists(valid, isArray);
    const stored = await this.stores.events.append(valid);
    for (const event of stored) {
      this.trending.add(this.catalog.ids.intern(event.contentId), trendingWeight(event), event.timestamp);
    }
    this.graph.addEvents(stored);
    this.demographic.addEvents(stored);
    const users = [...new Set(stored.map((e) => e.userId))];
    await Promise.all(
      users.map((userId) =>
        this.userLocks.run(userId, async () => {
          await rebuildProfile(this.stores, this.tuning, this.catalog, userId, this.clock());
          await this.stores.cache.invalidateUser(userId);
        }),
      ),
    );
    await this.experiments.recordConversions(stored, this.tuning.experiments.conversions);
    if (this.tuning.adapters.enabled) for (const userId of users) this.adapters.schedule(userId);
    return { stored: stored.length, duplicates: valid.length - stored.length };
  }

  /**
   * Recommends up to `count` items the user has not watched, best first, each with its sources
   * and an explanation. Unknown users get trending items, never an error.
   */
  async recommend(userId: string, options: RecommendOptions = {}): Promise<Recommendation[]> {
    return (await this.recommendDetailed(userId, options)).items;
  }

  /** Like {@link recommend}, plus which sources ran, their weights and how long each took. */
  async recommendDetailed(userId: string, options: RecommendOptions = {}): Promise<RecommendationResponse> {
    await this.ready();
    assertId(userId, 'userId');
    assertOptions(options);
    const count = validateCount(options.count, 'options.count', this.tuning.recommend.defaultCount, this.tuning.recommend.maxCount);
    const exclude = options.exclude === undefined ? [] : validateIdList(options.exclude, 'options.exclude');
    const context = validateContext(options.context, 'options.context');
    const filters = validateFilters(options);
    const active = await this.experiments.activeFor(userId);
    const variant = applyVariants(this.tuning, active, options.count === undefined ? undefined : count);
    const wanted = Math.min(variant.count ?? count, this.tuning.recommend.maxCount);
    const now = typeof context?.time === 'number' ? context.time : this.clock();
    // A predicate cannot be part of a key, so filtered requests are never cached.
    const key =
      this.tuning.cache.enabled && !filters.filter
        ? responseCacheKey({
            userId,
            count: wanted,
            now,
            context,
            active,
            exclude,
            allow: filters.allow,
            watched: filters.watched,
            lambda: filters.lambda,
            preferredGenres: filters.preferredGenres,
          })
        : undefined;
    const cached = key ? await this.stores.cache.get<RecommendationResponse>(key) : undefined;
    if (cached) {
      // Items deleted since the list was cached are dropped rather than served.
      return this.experiments.expose(userId, active, { ...cached, items: cached.items.filter((i) => this.catalog.has(i.itemId)) });
    }
    const [profile, history] = await Promise.all([this.stores.profiles.get(userId), loadHistory(this.stores, this.tuning, userId)]);
    const adapt = this.tuning.adapters.enabled && profile !== undefined;
    const attributes = this.attributes.of(userId);
    const response = await runPipeline({
      stores: this.stores,
      tuning: variant.tuning,
      catalog: this.catalog,
      sources: this.sources,
      userId,
      profile,
      history,
      count: wanted,
      exclude,
      context,
      now,
      ...filters,
      preferredGenres: filters.preferredGenres ?? attributes?.preferredGenres,
      demographics: attributes?.demographics,
      lambda: filters.lambda ?? variant.diversity,
      isNew: (itemId) => !this.trending.hasEvents(this.catalog.ids.indexOf(itemId) ?? -1),
      // The adapter re-orders the pool before diversity picks from it, so MMR's variety stays.
      ...(adapt ? { rerank: (pool: BlendedItem[]) => this.adapters.apply(userId, profile.preferenceVector, pool) } : {}),
    });
    if (key) await this.stores.cache.set(key, userId, response, response.coldStart ? this.tuning.cache.coldStartTtlSeconds : this.tuning.cache.ttlSeconds);
    return this.experiments.expose(userId, active, response);
  }

  /** The items most similar to `itemId` by embedding (cosine), most similar first. */
  async similarItems(itemId: string, options: SimilarItemsOptions = {}): Promise<SimilarItem[]> {
    await this.ready();
    assertId(itemId, 'itemId');
    assertOptions(options);
    const count = validateCount(options.count, 'options.count', this.tuning.recommend.defaultCount, this.tuning.recommend.maxCount);
    const exclude = options.exclude === undefined ? [] : validateIdList(options.exclude, 'options.exclude');
    if (!this.catalog.has(itemId)) throw new NotFoundError('content', itemId);
    let vector = (await this.stores.vectors.get([itemId])).get(itemId);
    if (!vector) {
      // Stored by another process without a vector: embed it now rather than fail.
      const item = await this.stores.content.get(itemId);
      if (!item) throw new NotFoundError('content', itemId);
      [vector] = await this.embedAndStore([item]);
    }
    const matches = await this.stores.vectors.query(vector!, {
      k: count + 1 + exclude.length,
      excludeIds: [itemId, ...exclude],
    });
    return matches
      .filter((m) => this.catalog.has(m.id))
      .slice(0, count)
      .map((m) => ({ itemId: m.id, score: m.score }));
  }

  /** The user's profile; throws NotFoundError for a user with no tracked events. */
  async getProfile(userId: string): Promise<UserProfile> {
    await this.ready();
    assertId(userId, 'userId');
    const profile = await this.stores.profiles.get(userId);
    if (!profile) throw new NotFoundError('user', userId);
    return profile;
  }

  /**
   * Sets what the host knows about a user beyond their viewing; each given field replaces the
   * stored one. `demographics` puts a new user among viewers like them ("Popular with viewers
   * like you"); `preferredGenres` are used whenever a request gives none. Both fade out of the
   * blend as the user's own events accumulate (`coldStart.minInteractions`).
   *
   * @example
   * ```ts
   * await engine.updateUserAttributes('u1', { demographics: { ageBand: '25-34', country: 'BE' }, preferredGenres: ['Crime'] });
   * ```
   */
  async updateUserAttributes(userId: string, attributes: UserAttributesUpdate): Promise<UserAttributes> {
    await this.ready();
    assertId(userId, 'userId');
    return this.userLocks.run(userId, () => this.attributes.update(userId, attributes));
  }

  /** The user's stored attributes, or undefined when the host never set any. */
  async getUserAttributes(userId: string): Promise<UserAttributes | undefined> {
    await this.ready();
    assertId(userId, 'userId');
    return this.stores.profiles.getAttributes(userId);
  }

  /**
   * Deletes everything stored about a user: events, profile, adapters and cached lists.
   * Trending counts, which are anonymous aggregates, are kept until the next `fit()`.
   */
  async forgetUser(userId: string): Promise<{ events: number }> {
    await this.ready();
    assertId(userId, 'userId');
    return this.userLocks.run(userId, async () => {
      const events = await this.stores.events.deleteUser(userId);
      await Promise.all([this.stores.profiles.delete(userId), this.stores.adapters.deleteUser(userId), this.stores.cache.invalidateUser(userId)]);
      this.adapters.forget(userId);
      this.attributes.forget(userId);
      this.graph.removeUser(userId);
      return { events };
    });
  }

  /**
   * Brings stored item vectors up to date with the embedder: embeds items that are new, whose
   * text changed, or whose vector came from another model (each vector's fingerprint records
   * the model and a digest of the text). Resumable: after an abort, the next call continues
   * where this one stopped. `fit()` does the same as one of its stages.
   */
  async embedCatalog(options: EmbedCatalogOptions = {}): Promise<EmbedCatalogReport> {
    await this.ready();
    validateLongTaskOptions(options);
    const report = await embedCatalog(this.embedder, this.stores, options);
    if (report.embedded > 0) await this.stores.cache.clear();
    return report;
  }

  /**
   * Rebuilds every derived model from the stores: fits the embedder's corpus statistics (when it
   * has any) and re-embeds the catalogue, recounts trending, and rebuilds every profile.
   * Reports progress per stage and stops with AbortedError when `signal` fires.
   */
  async fit(options: LongTaskOptions = {}): Promise<FitReport> {
    await this.ready();
    validateLongTaskOptions(options);
    const { stores, embedder, tuning, catalog, trending, userLocks } = this;
    return fitEngine({ stores, embedder, tuning, catalog, trending, userLocks, now: this.clock(), install: (models) => this.install(models) }, options);
  }

  /**
   * Why `itemId` scores as it does for `userId`: the user's items that contributed most to it
   * (ALS: Hu et al.'s decomposition of the score; item-kNN: the similar items the user has).
   * Needs a fitted or loaded collaborative model.
   */
  async explain(userId: string, itemId: string, options: { count?: number } = {}): Promise<Explanation> {
    await this.ready();
    assertId(userId, 'userId');
    assertId(itemId, 'itemId');
    assertOptions(options);
    const count = validateCount(options.count, 'options.count', 3, 100);
    const source = this.collaborative.fitted ? this.collaborative : this.itemKnn;
    if (!source.fitted?.model.explain) throw new NotFoundError('model', 'collaborative (run fit() first)');
    const history = await loadHistory(this.stores, this.tuning, userId);
    const contributions = source.contributions(history.interactions.values(), itemId, count);
    if (!contributions) throw new NotFoundError('content', itemId);
    return { itemId, source: source === this.collaborative ? 'collaborative' : 'item-knn', contributions };
  }

  private install(models: CollaborativeModels): void {
    this.collaborative.fitted = models.als;
    this.itemKnn.fitted = models.itemKnn;
  }

  /** Per-variant statistics of an experiment (see {@link Experiments.results}). */
  async experimentResults(experimentId: string, options: ResultsOptions = {}): Promise<ExperimentResults> {
    await this.ready();
    return this.experiments.results(experimentId, options);
  }

  /**
   * Trains a new version of the user's LoRA adapter from their latest events (at least
   * `adapters.minEvents`) and stores it; `recommend` applies it when `adapters.enabled`. With
   * `adapters.enabled`, `track` also retrains in the background every `adapters.retrainEvery`
   * events.
   */
  async trainAdapter(userId: string): Promise<AdapterTrainingReport> {
    await this.ready();
    assertId(userId, 'userId');
    return this.userLocks.run(userId, () => this.adapters.train(userId));
  }

  /** Waits for in-flight work, then refuses further calls. Stores stay the host's to close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.adapters.idle();
    await this.userLocks.idle();
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError('SonaEngine');
  }

  private async load(): Promise<void> {
    for await (const batch of this.stores.content.scan({ batchSize: 5000 })) this.addToCatalog(batch);
    await this.attributes.load(); // before the events, which count towards demographic groups
    for await (const batch of this.stores.events.scan({ batchSize: 5000 })) {
      this.graph.addEvents(batch);
      this.demographic.addEvents(batch);
      for (const e of batch) this.trending.add(this.catalog.ids.intern(e.contentId), trendingWeight(e), e.timestamp);
    }
    if (this.tuning.snapshots.load) {
      // One trainer publishes snapshots; every other instance serves the newest one.
      const snapshot = await this.stores.models.latest(COLLABORATIVE_SNAPSHOT);
      if (snapshot) this.install(decodeCollaborative(snapshot.data));
    }
  }

  private addToCatalog(items: readonly ContentItem[]): void {
    this.catalog.add(items);
    this.graph.addItems(items);
  }

  private async embedAndStore(items: readonly ContentItem[]): Promise<Float32Array[]> {
    // Vectors first: a failure then leaves no catalogue item without its vector.
    const vectors = await embedItems(this.embedder, this.stores, items);
    await this.stores.content.upsert(items);
    this.addToCatalog(items);
    return vectors;
  }

  private async assertContentExists(events: readonly TrackedEvent[], isArray: boolean): Promise<void> {
    const unknown = [...new Set(events.map((e) => e.contentId).filter((id) => !this.catalog.has(id)))];
    if (unknown.length === 0) return;
    // Another process may have added the items: ask the repository before refusing.
    const missing = new Set(await this.stores.content.missing(unknown));
    const found = unknown.filter((id) => !missing.has(id));
    if (found.length > 0) this.addToCatalog(await this.stores.content.getMany(found));
    const bad = events.findIndex((e) => missing.has(e.contentId));
    if (bad >= 0) {
      throw new NotFoundError('content', events[bad]!.contentId, {
        cause: new ValidationError(isArray ? `events[${bad}].contentId` : 'event.contentId', 'refers to unknown content'),
      });
    }
  }
}

/** Creates a {@link SonaEngine} and loads its stores before returning it. */
export async function createEngine(options: SonaEngineOptions = {}): Promise<SonaEngine> {
  const engine = new SonaEngine(options);
  await engine.ready();
  return engine;
}
