/**
 * The engine's sources, and the one place that fans catalogue changes, events, user attributes
 * and training out to them.
 */
import { buildInteractionMatrix } from '../algorithms/cf/matrix.js';
import { FirstEvents } from '../algorithms/popularity/first-events.js';
import { ViewerCounter } from '../algorithms/popularity/viewers.js';
import { ConfigurationError, untilAborted } from '../core/errors.js';
import { IdMap } from '../core/id-map.js';
import type { ContentItem, TrackedEvent, UserAttributes } from '../core/types.js';
import type { ModelSection, RunOptions, Source, SourceContext, TrainingData } from './source.js';

/** The model sections of a snapshot and the item ids they index. */
export interface ModelSections {
  items: readonly string[];
  sections: Record<string, ModelSection>;
}

export class SourceRegistry {
  private readonly byName = new Map<string, Source>();
  /** Items of the data the models were last trained on (or loaded from). */
  private modelItems: IdMap | undefined;
  /** When each item found its first viewer (exploration keeps recent arrivals in view). */
  readonly firstEvents = new FirstEvents();
  /** The engine's popularity, counting viewers, not views. */
  private readonly popularity: ViewerCounter;
  /** Lazy sources without weight: they get no items or events until they wake. */
  private readonly dormant = new Set<string>();
  /** Wake-ups under way, by source name. */
  private readonly waking = new Map<string, Promise<void>>();
  /**
   * Sources whose last `fit` threw: whatever model they hold indexes an earlier item list, so
   * the snapshot (which carries this fit's list) leaves them out.
   */
  private readonly untrained = new Set<string>();

  /**
   * `onFailure`: hears of a source whose catalogue, event, attribute or training hook threw. That
   * source misses the change (as a request does without a failing source's part) and the others
   * still get it, so one source cannot fail the host's write or the fit. Without it, the throw
   * goes up (the tuner's shadow sources are the engine's own).
   */
  constructor(
    readonly sources: readonly Source[],
    private readonly context: SourceContext,
    private readonly onFailure?: (source: string, error: unknown) => void,
  ) {
    checkSources(sources);
    for (const source of sources) this.byName.set(source.name, source);
    this.popularity = new ViewerCounter(context.popularity);
  }

  get(name: string): Source | undefined {
    return this.byName.get(name);
  }

  /** Each source's own default blend weight. */
  defaultWeights(): Record<string, number> {
    return Object.fromEntries(this.sources.map((s) => [s.name, s.defaultWeight]));
  }

  /** Puts the lazy sources that `weights` leave at 0 to sleep (call before anything is added). */
  sleepUnweighted(weights: Readonly<Record<string, number>>): void {
    for (const s of this.sources) if (s.lazy === true && !weighs(weights, s.name)) this.dormant.add(s.name);
  }

  /** True while `name` is asleep (see {@link Source.lazy}). */
  isDormant(name: string): boolean {
    return this.dormant.has(name);
  }

  /**
   * Wakes the sleeping sources that `weights` give a weight: each is fed live changes from now on
   * and `replay` feeds it what the stores hold (lazy sources take the overlap twice harmlessly).
   * Callers that weigh a source still waking wait for the same replay; a failed one leaves the
   * source asleep.
   */
  async wake(weights: Readonly<Record<string, number>>, replay: (source: Source) => Promise<void>): Promise<void> {
    const pending: Array<Promise<void>> = [];
    for (const name of [...this.dormant, ...this.waking.keys()]) {
      if (!weighs(weights, name)) continue;
      let wake = this.waking.get(name);
      if (!wake) {
        this.dormant.delete(name);
        wake = replay(this.byName.get(name)!)
          .catch((error: unknown) => {
            this.dormant.add(name);
            throw error;
          })
          .finally(() => this.waking.delete(name));
        this.waking.set(name, wake);
      }
      pending.push(wake);
    }
    await Promise.all(pending);
  }

  /** The sources that take catalogue changes and events. */
  private awake(): Source[] {
    return this.dormant.size === 0 ? (this.sources as Source[]) : this.sources.filter((s) => !this.dormant.has(s.name));
  }

  addItems(items: readonly ContentItem[]): void {
    this.context.catalog.add(items);
    this.each((s) => s.addItems?.(items));
  }

  removeItems(ids: readonly string[]): void {
    this.context.catalog.remove(ids);
    this.each((s) => s.removeItems?.(ids));
  }

  /**
   * Counts events towards popularity (a viewer's first event of interest in an item, once) and
   * hands them to every source.
   */
  addEvents(events: readonly TrackedEvent[]): void {
    const { catalog } = this.context;
    for (const e of events) {
      const index = catalog.ids.intern(e.contentId);
      this.popularity.add(e, index);
      this.firstEvents.note(index, e.timestamp);
    }
    this.each((s) => s.addEvents?.(events));
  }

  /** Drops event-derived state before every stored event is replayed. */
  clearEvents(): void {
    this.popularity.clear();
    this.firstEvents.clear();
    this.each((s) => s.clearEvents?.());
  }

  async setUserAttributes(attributes: UserAttributes, history?: () => Promise<readonly TrackedEvent[]>): Promise<void> {
    for (const s of this.awake()) {
      try {
        await s.setUserAttributes?.(attributes, history);
      } catch (error) {
        this.failed(s, error);
      }
    }
  }

  /** Throws when a source cannot forget: a deletion must not pass as done while a source keeps the user. */
  forgetUser(userId: string): void {
    for (const s of this.awake()) s.forgetUser?.(userId);
  }

  /** The sources that train in `fit()`. */
  trainable(): Source[] {
    return this.sources.filter((s) => typeof s.fit === 'function');
  }

  /** Trains every trainable source on `data`, with per-source settings where given. */
  async fit(data: TrainingData, run: RunOptions, settings: Readonly<Record<string, Readonly<Record<string, number>>>> = {}): Promise<void> {
    this.untrained.clear();
    for (const s of this.trainable()) {
      try {
        await untilAborted(s.fit!(data, run, settings[s.name]), run.signal, 'fit');
      } catch (error) {
        // An abort ends the fit; a source's own failure is reported, and the others still train.
        if (run.signal?.aborted) throw error;
        this.untrained.add(s.name);
        this.failed(s, error);
      }
    }
    this.modelItems = data.matrix.items;
  }

  /** Runs `hook` on every awake source; one that throws misses it (see the constructor). */
  private each(hook: (source: Source) => void): void {
    for (const s of this.awake()) {
      try {
        hook(s);
      } catch (error) {
        this.failed(s, error);
      }
    }
  }

  private failed(source: Source, error: unknown): void {
    if (!this.onFailure) throw error;
    this.onFailure(source.name, error);
  }

  /** The trained models, for a snapshot; undefined when no source holds one. */
  exportModels(): ModelSections | undefined {
    const sections: Record<string, ModelSection> = {};
    for (const s of this.sources) {
      const section = s.fitted && !this.untrained.has(s.name) ? s.exportModel?.() : undefined;
      if (section) sections[s.name] = section;
    }
    if (Object.keys(sections).length === 0 || !this.modelItems) return undefined;
    return { items: this.modelItems.ids(), sections };
  }

  /**
   * Throws StoreError when a snapshot's sections do not fit the sources they name (wrong sizes,
   * missing arrays), without installing anything.
   */
  checkModels(models: ModelSections): void {
    const items = new IdMap();
    for (const id of models.items) items.intern(id);
    for (const [name, section] of Object.entries(models.sections)) this.byName.get(name)?.checkModel?.(section, items);
  }

  /** Installs a snapshot's models into the sources of the same names (others are ignored). */
  importModels(models: ModelSections): void {
    const items = new IdMap();
    for (const id of models.items) items.intern(id);
    for (const [name, section] of Object.entries(models.sections)) {
      this.byName.get(name)?.importModel?.(section, items);
      this.untrained.delete(name);
    }
    this.modelItems = items;
  }

  /** The first fitted source that can name the user's items behind a score (`engine.explain`). */
  explainer(): Source | undefined {
    return this.sources.find((s) => s.fitted && typeof s.contributions === 'function');
  }
}

/** True when `weights` give `name` a positive weight (own keys only: names come from hosts). */
function weighs(weights: Readonly<Record<string, number>>, name: string): boolean {
  return (Object.hasOwn(weights, name) ? weights[name]! : 0) > 0;
}

/** Positive (user, item) pairs as the binary matrix model sources train on. */
export function trainingData(positives: Iterable<{ userId: string; itemId: string }>): TrainingData {
  return {
    matrix: buildInteractionMatrix(
      (function* () {
        for (const p of positives) yield { userId: p.userId, itemId: p.itemId, value: 1 };
      })(),
    ),
  };
}

/**
 * Throws ConfigurationError naming the field (`sources[i]`, i counted in `sources`) unless every
 * source is usable and no two share a name.
 */
export function checkSources(sources: readonly Source[]): void {
  const names = new Set<string>();
  sources.forEach((source, i) => {
    checkSource(source, `sources[${i}]`);
    if (names.has(source.name)) throw new ConfigurationError(`sources[${i}].name`, `duplicates the source ${JSON.stringify(source.name)}`);
    names.add(source.name);
  });
}

/** Throws ConfigurationError naming `field` (e.g. `sources[0]`) unless `source` is a usable source. */
function checkSource(source: Source, field: string): void {
  if (typeof source?.name !== 'string' || source.name === '') throw new ConfigurationError(`${field}.name`, 'must be a non-empty string');
  // Weights are configured, tuned and stored as records keyed by source name: a key of
  // `__proto__` would set a prototype instead (and be lost on the way through a snapshot).
  if (source.name === '__proto__') throw new ConfigurationError(`${field}.name`, 'must not be __proto__ (weights are keyed by source name)');
  if (typeof source.candidates !== 'function') throw new ConfigurationError(`${field}.candidates`, 'must be a function');
  if (!['personal', 'cold-start', 'ambient'].includes(source.role)) {
    throw new ConfigurationError(`${field}.role`, "must be 'personal', 'cold-start' or 'ambient'");
  }
  if (!(Number.isFinite(source.defaultWeight) && source.defaultWeight >= 0)) {
    throw new ConfigurationError(`${field}.defaultWeight`, 'must be a finite number ≥ 0');
  }
}
