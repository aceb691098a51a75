/**
 * The engine's side of per-user LoRA adapters: training examples from a user's own events,
 * training and versioned storage, a small cache of loaded adapters, and the bounded score boost.
 */
import { adapterDirection, createAdapter, trainAdapter, type Example, type LoraAdapter } from '../algorithms/lora/adapter.js';
import { decodeAdapter, encodeAdapter } from '../algorithms/lora/format.js';
import { interactionEngagement, type ItemInteraction } from '../algorithms/profile/engagement.js';
import type { Tuning } from './config.js';
import { ValidationError } from '../core/errors.js';
import { fnv1a32 } from '../core/fnv.js';
import { seededRandom } from '../core/random.js';
import type { BlendedItem } from './pipeline/blend.js';
import { LruMap } from '../core/lru-map.js';
import { dot, isZeroVector, norm } from '../core/vector.js';
import type { Embedder } from '../embeddings/types.js';
import type { StoreSet } from '../stores/types.js';
import type { CatalogIndex } from '../core/catalog-index.js';
import { loadHistory, profileParams } from './profiles.js';

/** Adapters are stored under this name; hosts may keep others beside it. */
export const ADAPTER_NAME = 'default';

/** Users whose adapter (or its absence) stays loaded. */
const ADAPTER_USERS = 10_000;

/** What {@link SonaEngine.trainAdapter} did. */
export interface AdapterTrainingReport {
  userId: string;
  /** Version stored (1, 2, ...). */
  version: number;
  /** The user's events the examples came from. */
  events: number;
  positives: number;
  negatives: number;
  epochs: number;
  trainLoss: number;
  /** Held-out loss at the kept epoch (NaN when too few events to hold any out). */
  validationLoss: number;
  milliseconds: number;
}

interface Loaded {
  version: number;
  adapter: LoraAdapter;
  modelId: unknown;
  events: number;
}

/** Trains, stores, caches and applies adapters for one engine. */
export class AdapterService {
  /** Loaded adapters, and null for users known to have none, for the most recent users. */
  private readonly cache = new LruMap<string, Loaded | null>(ADAPTER_USERS);
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly stores: StoreSet,
    private readonly tuning: Tuning,
    private readonly embedder: Embedder,
    private readonly catalog: CatalogIndex,
    private readonly clock: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Trains a new adapter version for the user from their latest events and stores it. */
  async train(userId: string): Promise<AdapterTrainingReport> {
    const started = performance.now();
    const cfg = this.tuning.adapters;
    const history = await loadHistory(this.stores, { ...this.tuning, profile: { ...this.tuning.profile, historyLimit: cfg.historyLimit } }, userId);
    if (history.events.length < cfg.minEvents) {
      throw new ValidationError('userId', `needs at least ${cfg.minEvents} events to train an adapter (has ${history.events.length})`);
    }
    const profile = await this.stores.profiles.get(userId);
    const preference = profile?.preferenceVector;
    if (!preference || preference.length !== this.embedder.dimension || isZeroVector(preference)) {
      throw new ValidationError('userId', 'has no positive interactions to learn from (zero preference vector)');
    }
    const p = normalized(preference);
    const { train, validation, positives, negatives } = await this.examples(userId, history.interactions);
    const previous = await this.stores.adapters.latest(userId, ADAPTER_NAME);
    const initial = createAdapter(this.embedder.dimension, cfg.rank, cfg.alpha, cfg.seed);
    const result = trainAdapter(initial, p, train, validation, cfg);
    const iterations = (previous?.trainingIterations ?? 0) + 1;
    const blob = encodeAdapter(result.adapter, {
      modelId: this.embedder.modelId,
      events: history.events.length,
      trainedAt: this.clock(),
      trainLoss: result.trainLoss,
      validationLoss: Number.isNaN(result.validationLoss) ? null : result.validationLoss,
    });
    const version = await this.stores.adapters.save(userId, ADAPTER_NAME, blob, iterations);
    this.cache.set(userId, { version, adapter: result.adapter, modelId: this.embedder.modelId, events: history.events.length });
    // Cached lists were ranked without this adapter.
    await this.stores.cache.invalidateUser(userId);
    return {
      userId,
      version,
      events: history.events.length,
      positives,
      negatives,
      epochs: result.epochs,
      trainLoss: result.trainLoss,
      validationLoss: result.validationLoss,
      milliseconds: performance.now() - started,
    };
  }

  /**
   * Retrains in the background once the user has `retrainEvery` events more than the stored
   * adapter was trained on (and at least `minEvents`). Never blocks the caller; failures go to
   * the engine's `onBackgroundError`.
   */
  schedule(userId: string): void {
    if (this.pending.has(userId)) return;
    const task = (async () => {
      const cfg = this.tuning.adapters;
      const count = await this.stores.events.countByUser(userId);
      if (count < cfg.minEvents) return;
      const current = await this.load(userId);
      if (current && count - current.events < cfg.retrainEvery) return;
      await this.train(userId);
    })()
      .catch((error: unknown) => {
        // A user who has only dismissed things has nothing to learn from yet.
        if (!(error instanceof ValidationError)) this.onError(error);
      })
      .finally(() => this.pending.delete(userId));
    this.pending.set(userId, task);
  }

  /** Resolves when no background training is running. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  /**
   * Re-ranks `items` by the user's adapter: score × (1 + boost · clamp(s, −1, 1)), where s is the
   * adapter's change to the item's similarity with the user's preference, and records the
   * adapter as a source. Items come back unchanged without a usable adapter.
   */
  async apply(userId: string, preference: Float32Array | undefined, items: BlendedItem[]): Promise<BlendedItem[]> {
    if (items.length === 0 || !preference || isZeroVector(preference)) return items;
    let loaded: Loaded | undefined;
    try {
      loaded = await this.load(userId);
    } catch (error) {
      // A corrupt or mismatched blob is reported, never turned into scores.
      this.onError(error);
      return items;
    }
    if (!loaded || loaded.modelId !== this.embedder.modelId) return items;
    const v = adapterDirection(loaded.adapter, normalized(preference));
    const vectors = await this.stores.vectors.get(items.map((i) => i.itemId));
    const boost = this.tuning.adapters.boost;
    return items
      .map((item) => {
        const e = vectors.get(item.itemId);
        if (!e) return item;
        const signal = Math.max(-1, Math.min(1, dot(v, e) / (norm(e) || 1)));
        const score = item.score * (1 + boost * signal);
        const delta = score - item.score;
        const share = score !== 0 ? Math.abs(delta) / (Math.abs(item.score) + Math.abs(delta)) : 0;
        const contributions = [...item.contributions.map((s) => ({ ...s, share: s.share * (1 - share) })), { source: 'lora', score: signal, share }].sort(
          (a, b) => b.share - a.share,
        );
        return { ...item, score, contributions };
      })
      .sort((a, b) => b.score - a.score);
  }

  private async load(userId: string): Promise<Loaded | undefined> {
    if (this.cache.has(userId)) return this.cache.get(userId) ?? undefined;
    const stored = await this.stores.adapters.latest(userId, ADAPTER_NAME);
    if (!stored) {
      this.cache.set(userId, null);
      return undefined;
    }
    const { adapter, meta } = decodeAdapter(stored.data, this.embedder.dimension);
    const loaded = { version: stored.version, adapter, modelId: meta.modelId, events: typeof meta.events === 'number' ? meta.events : 0 };
    this.cache.set(userId, loaded);
    return loaded;
  }

  /** Positives weighted by engagement, dismissals and dislikes, and sampled unseen items; the latest interactions held out. */
  private async examples(userId: string, interactions: ReadonlyMap<string, ItemInteraction>) {
    const cfg = this.tuning.adapters;
    const params = profileParams(this.tuning);
    const own = [...interactions.values()]
      .map((it) => {
        const engagement = interactionEngagement(it, params);
        if (engagement > 0) return { it, label: 1 as const, weight: engagement };
        if (it.dismissed || it.liked === false) return { it, label: 0 as const, weight: 1 };
        return undefined;
      })
      .filter((x) => x !== undefined)
      .sort((a, b) => a.it.lastTimestamp - b.it.lastTimestamp || (a.it.itemId < b.it.itemId ? -1 : 1));
    const positives = own.filter((x) => x.label === 1).length;
    const rand = seededRandom((cfg.seed ^ fnv1a32(userId)) >>> 0);
    const wanted = Math.round(positives * cfg.negativesPerPositive);
    const sampled: string[] = [];
    const live = this.catalog.count;
    for (let tries = 0; sampled.length < wanted && tries < wanted * 20 && live > interactions.size; tries++) {
      const id = this.catalog.ids.idAt(Math.floor(rand() * this.catalog.size));
      if (this.catalog.has(id) && !interactions.has(id) && !sampled.includes(id)) sampled.push(id);
    }
    const vectors = await this.stores.vectors.get([...own.map((x) => x.it.itemId), ...sampled]);
    const example = (id: string, label: 0 | 1, weight: number): Example[] => {
      const v = vectors.get(id);
      return v ? [{ embedding: normalized(v), label, weight }] : [];
    };
    const holdOut = own.length >= 5 ? Math.max(1, Math.floor(own.length * cfg.validationShare)) : 0;
    const ownTrain = own.slice(0, own.length - holdOut).flatMap((x) => example(x.it.itemId, x.label, x.weight));
    const ownValidation = own.slice(own.length - holdOut).flatMap((x) => example(x.it.itemId, x.label, x.weight));
    const sampledHoldOut = Math.floor(sampled.length * (holdOut / Math.max(1, own.length)));
    const negTrain = sampled.slice(sampledHoldOut).flatMap((id) => example(id, 0, 1));
    const negValidation = sampled.slice(0, sampledHoldOut).flatMap((id) => example(id, 0, 1));
    return {
      train: [...ownTrain, ...negTrain],
      validation: [...ownValidation, ...negValidation],
      positives,
      negatives: own.length - positives + sampled.length,
    };
  }
}

function normalized(v: Float32Array): Float32Array {
  const n = norm(v);
  return n > 0 ? v.map((x) => x / n) : v;
}
