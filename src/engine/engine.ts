import { ClosedError, NotFoundError } from '../core/errors.js';
import { idSchema, parseInput } from '../core/schema.js';
import { inSpan } from '../core/telemetry.js';
import type { Recommendation, SimilarItem, UserAttributes, UserProfile } from '../core/types.js';
import type { Embedder } from '../embeddings/types.js';
import type { Experiments } from './experiments.js';
import type { ExperimentResults, ResultsOptions } from '../experiments/results.js';
import type { StoreSet } from '../stores/types.js';
import type { AdapterTrainingReport } from './adapters.js';
import { deleteContent, upsertContent } from './catalog.js';
import { similarItems } from './similar.js';
import { embedCatalog, type EmbedCatalogOptions, type EmbedCatalogReport } from './catalog-embedding.js';
import type { Tuning } from './config.js';
import { fitEngine } from './fit.js';
import { parseAttributesUpdate, type ContentInput, type UserAttributesUpdate, type ViewingEvent } from './inputs.js';
import { embedCatalogOptionsSchema, fitOptionsSchema, type FitOptions, type RecommendOptions, type SimilarItemsOptions } from './option-inputs.js';
import { startRuntime } from './loading.js';
import { guardProgress } from './progress.js';
import type { SonaEngineOptions } from './options.js';
import type { RecommendationResponse } from './pipeline/index.js';
import { explainScore } from './explaining.js';
import { recommendDetailed } from './recommending.js';
import type { Explanation, FitReport, TrackResult } from './reports.js';
import { createRuntime, type Runtime } from './runtime.js';
import { track } from './tracking.js';

/**
 * The recommendation engine: one object with the domain's verbs. Construct it with no options
 * for in-memory stores and the hashing embedder, or wire a host's own stores and sources.
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
  private readonly rt: Runtime;
  private warmup: Promise<void> | undefined;
  private closed = false;

  /** Validates `options` (throwing ConfigurationError) and wires the stores. Loading is lazy. */
  constructor(options: SonaEngineOptions = {}) {
    this.rt = createRuntime(options);
  }

  /** The stores this engine reads and writes, as given. */
  get stores(): StoreSet {
    return this.rt.rawStores;
  }

  /** The embedder item vectors come from. */
  get embedder(): Embedder {
    return this.rt.embedder;
  }

  /** Settings with defaults applied (and `blend.weights` covering every source). */
  get tuning(): Tuning {
    return this.rt.tuning;
  }

  /**
   * A/B tests of recommendation variants. `recommend()` assigns users to running experiments,
   * applies their variant's config, records an exposure and tags results with the variant;
   * `track()` records conversions (click, play, complete, ...) for the user's variants.
   */
  get experiments(): Experiments {
    return this.rt.experiments;
  }

  /**
   * Loads the catalogue, attributes, events and newest model snapshot from the stores. Every
   * verb calls it on first use; call it yourself to pay the cost at start-up. Safe to repeat.
   */
  ready(): Promise<void> {
    if (this.closed) throw new ClosedError('SonaEngine');
    this.warmup ??= startRuntime(this.rt).catch((err: unknown) => {
      this.warmup = undefined;
      throw err;
    });
    return this.warmup;
  }

  /** Adds or replaces catalogue items, embedding each. An invalid item rejects the call and stores nothing. */
  async upsertContent(items: ContentInput | readonly ContentInput[]): Promise<{ upserted: number }> {
    return this.op('upsertContent', async () => upsertContent(this.rt, items));
  }

  /** Removes catalogue items and their vectors; returns how many existed. */
  async deleteContent(ids: readonly string[]): Promise<{ deleted: number }> {
    return this.op('deleteContent', async () => deleteContent(this.rt, ids));
  }

  /**
   * Records viewing events and updates the affected users' profiles. Every event is validated
   * (and its content must exist) before anything is stored; a retried event is stored once.
   */
  async track(events: ViewingEvent | readonly ViewingEvent[]): Promise<TrackResult> {
    return this.op('track', async () => track(this.rt, events));
  }

  /**
   * Recommends up to `count` items the user has not watched, best first, each with its sources
   * and an explanation. Unknown users get popular items, never an error.
   */
  async recommend(userId: string, options: RecommendOptions = {}): Promise<Recommendation[]> {
    return (await this.recommendDetailed(userId, options)).items;
  }

  /** Like {@link recommend}, plus which sources ran, their weights and how long each took. */
  async recommendDetailed(userId: string, options: RecommendOptions = {}): Promise<RecommendationResponse> {
    return this.op('recommend', async () => recommendDetailed(this.rt, userId, options));
  }

  /** The items most similar to `itemId` by embedding (cosine), most similar first. */
  async similarItems(itemId: string, options: SimilarItemsOptions = {}): Promise<SimilarItem[]> {
    return this.op('similarItems', async () => similarItems(this.rt, itemId, options));
  }

  /** The user's profile; throws NotFoundError for a user with no tracked events. */
  async getProfile(userId: string): Promise<UserProfile> {
    await this.ready();
    const id = parseInput(idSchema, userId, 'userId');
    const profile = await this.rt.stores.profiles.get(id);
    if (!profile) throw new NotFoundError('user', id);
    return profile;
  }

  /**
   * Sets what the host knows about a user beyond their viewing; each given field replaces the
   * stored one. `demographics` puts a new user among viewers like them; `preferredGenres` are
   * used whenever a request gives none. Both fade out as the user's own events accumulate.
   *
   * @example
   * ```ts
   * await engine.updateUserAttributes('u1', { demographics: { ageBand: '25-34', country: 'BE' }, preferredGenres: ['Crime'] });
   * ```
   */
  async updateUserAttributes(userId: string, attributes: UserAttributesUpdate): Promise<UserAttributes> {
    await this.ready();
    const id = parseInput(idSchema, userId, 'userId');
    const update = parseAttributesUpdate(attributes);
    const stored = await this.rt.userLocks.run(id, () => this.rt.attributes.update(id, update));
    await this.rt.sync.publish({ kind: 'attributes', userId: id }, this.rt.onBackgroundError);
    return stored;
  }

  /** The user's stored attributes, or undefined when the host never set any. */
  async getUserAttributes(userId: string): Promise<UserAttributes | undefined> {
    await this.ready();
    return this.rt.stores.profiles.getAttributes(parseInput(idSchema, userId, 'userId'));
  }

  /**
   * Deletes everything stored about a user: events, profile, attributes, adapters and cached
   * lists. Popularity counts, which are anonymous aggregates, are kept until the next `fit()`.
   */
  async forgetUser(userId: string): Promise<{ events: number }> {
    await this.ready();
    const id = parseInput(idSchema, userId, 'userId');
    const { stores } = this.rt;
    return this.rt.userLocks.run(id, async () => {
      const events = await stores.events.deleteUser(id);
      await Promise.all([stores.profiles.delete(id), stores.adapters.deleteUser(id), stores.cache.invalidateUser(id)]);
      this.rt.adapters.forget(id);
      this.rt.attributes.forget(id);
      this.rt.sources.forgetUser(id);
      this.rt.counting.forgetRecent();
      this.rt.lists.forget(id);
      this.rt.histories?.forget(id);
      await this.rt.sync.publish({ kind: 'user-forgotten', userId: id }, this.rt.onBackgroundError);
      return { events };
    });
  }

  /**
   * Brings stored item vectors up to date with the embedder: embeds items that are new, whose
   * text changed, or whose vector came from another model. Resumable after an abort.
   */
  async embedCatalog(options: EmbedCatalogOptions = {}): Promise<EmbedCatalogReport> {
    await this.ready();
    const valid = guardProgress(parseInput(embedCatalogOptionsSchema, options, 'options'), this.rt.onBackgroundError);
    const report = await embedCatalog(this.rt.embedder, this.rt.stores, valid);
    if (report.embedded > 0) await this.rt.stores.cache.clear();
    return report;
  }

  /**
   * Rebuilds every derived model from the stores: the embedder's statistics and the catalogue's
   * vectors, popularity and the sources' state, the trained sources (published as a snapshot
   * every instance loads) and every profile. Reports progress; stops with AbortedError on `signal`.
   */
  async fit(options: FitOptions = {}): Promise<FitReport> {
    return this.op('fit', async () => fitEngine(this.rt, guardProgress(parseInput(fitOptionsSchema, options, 'options'), this.rt.onBackgroundError)));
  }

  /**
   * Why `itemId` scores as it does for `userId`: the user's items that contributed most to it,
   * from the first fitted source that can tell (ALS: Hu et al.'s decomposition; item-kNN: the
   * similar items the user has). Needs a fitted or loaded model.
   */
  async explain(userId: string, itemId: string, options: { count?: number } = {}): Promise<Explanation> {
    await this.ready();
    return explainScore(this.rt, userId, itemId, options);
  }

  /** Per-variant statistics of an experiment (see {@link Experiments.results}). */
  async experimentResults(experimentId: string, options: ResultsOptions = {}): Promise<ExperimentResults> {
    await this.ready();
    return this.rt.experiments.results(experimentId, options);
  }

  /**
   * Trains a new version of the user's LoRA adapter from their latest events and stores it;
   * `recommend` applies it when `adapters.enabled`, and `track` then retrains on cadence.
   */
  async trainAdapter(userId: string): Promise<AdapterTrainingReport> {
    await this.ready();
    const id = parseInput(idSchema, userId, 'userId');
    return this.rt.userLocks.run(id, () => this.rt.adapters.train(id));
  }

  /** Loads on first use, then runs `work` as a traced, timed operation (see core/telemetry.ts). */
  private async op<T>(name: string, work: () => Promise<T>): Promise<T> {
    await this.ready();
    return inSpan(`sona.${name}`, { 'sona.operation': name }, work);
  }

  /** Waits for in-flight work, then refuses further calls. Stores stay the host's to close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.rt.adapters.idle();
    await this.rt.lists.stop();
    await this.rt.userLocks.idle();
    await this.rt.sync.stop();
  }
}

/** Creates a {@link SonaEngine} and loads its stores before returning it. */
export async function createEngine(options: SonaEngineOptions = {}): Promise<SonaEngine> {
  const engine = new SonaEngine(options);
  await engine.ready();
  return engine;
}
