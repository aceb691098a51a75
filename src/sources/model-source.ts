/**
 * A collaborative model as a source: ALS, item-kNN, EASE, RP3beta. The user is always scored from
 * their current history (ALS folds them in, item-item models sum neighbours), so an event tracked
 * a moment ago already changes the result, and users who arrived after training are served too.
 * Models keep their own item indices; ids are translated here.
 */
import type { CollaborativeModel } from '../algorithms/cf/models.js';
import { topItems } from '../algorithms/cf/models.js';
import type { SparseRow } from '../algorithms/cf/matrix.js';
import type { EngagementParams, ItemInteraction } from '../algorithms/profile/engagement.js';
import type { CatalogIndex } from '../core/catalog-index.js';
import type { IdMap } from '../core/id-map.js';
import type { z } from 'zod';
import { defineSource, type SourceDefinition } from './definition.js';
import { historyRow, userRow } from './history-row.js';
import type { Candidate, Contribution, ModelSection, RunOptions, Source, SourceRequest, TrainingData, Tunable } from './source.js';

/**
 * One kind of model as a source: its name, weight and sentence, its settings (the slice of the
 * engine options under `settingsKey`), how it is made from them, and how it is written to and
 * read from a snapshot.
 */
export interface ModelKind<S extends { enabled: boolean }> {
  name: string;
  defaultWeight: number;
  /** The sentence for results it leads. */
  reason: string;
  /** Explain results by the user's items that led to them ("Because you watched ..."). */
  namesItems: boolean;
  settingsKey: string;
  settings: z.ZodType<S>;
  /** The numeric settings the tuner may change, with their ranges. */
  tunables: readonly Tunable[];
  /** Starting points for the tuner (see `Source.presets`). */
  presets?: ReadonlyArray<Readonly<Record<string, number>>>;
  create(settings: S): CollaborativeModel;
  encode(model: CollaborativeModel): ModelSection;
  /** Rebuilds a trained model; throws StoreError when the section does not fit `items`. */
  decode(section: ModelSection, items: IdMap): CollaborativeModel;
}

/** Options of {@link ModelSource}. */
export interface ModelSourceOptions<S extends { enabled: boolean }> {
  kind: ModelKind<S>;
  settings: S;
  catalog: CatalogIndex;
  engagement: EngagementParams;
}

/** A trained model and the item ids of its columns. */
interface Fitted {
  model: CollaborativeModel;
  items: IdMap;
}

export class ModelSource<S extends { enabled: boolean }> implements Source {
  readonly name: string;
  readonly role = 'personal';
  readonly defaultWeight: number;
  readonly reason: string;
  readonly tunables: readonly Tunable[];
  readonly presets: ReadonlyArray<Readonly<Record<string, number>>>;
  private current: S;
  private trained: Fitted | undefined;
  /** Changes whenever `trained` does (see Source.stateVersion). */
  private version = 0;
  /** The model's items as catalogue indices (see `catalogIndices`). */
  private mapped: { fitted: Fitted; indices: Int32Array } | undefined;
  /** Catalogue-sized scores, reused by every request. */
  private scratch: Float32Array | undefined;
  /**
   * The sentences said for a history (by its folded map, which the engine reuses while the
   * user's events are unchanged), for one model and one catalogue version (titles).
   */
  private readonly said = new WeakMap<object, { version: number; catalogVersion: number; sentences: Map<string, string | null> }>();

  constructor(private readonly options: ModelSourceOptions<S>) {
    this.name = options.kind.name;
    this.defaultWeight = options.kind.defaultWeight;
    this.reason = options.kind.reason;
    this.tunables = options.kind.tunables;
    this.presets = options.kind.presets ?? [];
    this.current = options.settings;
  }

  get fitted(): boolean {
    return this.trained !== undefined;
  }

  /** An untrained model has nothing to say and must not take a share of the blend. */
  appliesTo(): boolean {
    return this.trained !== undefined;
  }

  get settings(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.tunables.map((t) => [t.key, (this.current as Record<string, unknown>)[t.key] as number]));
  }

  async fit(data: TrainingData, run: RunOptions, settings?: Readonly<Record<string, number>>): Promise<void> {
    if (settings) this.current = { ...this.current, ...settings };
    if (!this.current.enabled || data.matrix.userItems.indices.length === 0) {
      this.trained = undefined;
      this.version++;
      return;
    }
    const model = this.options.kind.create(this.current);
    await model.fit(data.matrix, run);
    this.trained = { model, items: data.matrix.items };
    this.version++;
  }

  exportModel(): ModelSection | undefined {
    return this.trained ? this.options.kind.encode(this.trained.model) : undefined;
  }

  importModel(section: ModelSection, items: IdMap): void {
    this.trained = { model: this.options.kind.decode(section, items), items };
    this.version++;
  }

  checkModel(section: ModelSection, items: IdMap): void {
    this.options.kind.decode(section, items);
  }

  similar(itemId: string, count: number): Candidate[] {
    const fitted = this.trained;
    const index = fitted?.items.indexOf(itemId);
    if (!fitted || index === undefined) return [];
    return fitted.model
      .similarItems(index, count)
      .filter((s) => Number.isFinite(s.score))
      .map((s) => ({ itemId: fitted.items.idAt(s.index), score: s.score }));
  }

  contributions(interactions: Iterable<ItemInteraction>, itemId: string, count: number): Contribution[] | undefined {
    const fitted = this.trained;
    const index = fitted?.items.indexOf(itemId);
    if (!fitted?.model.explain || index === undefined) return undefined;
    const row = userRow(interactions, fitted.items, this.options.engagement);
    return fitted.model.explain({ row }, index, count).map((c) => ({ itemId: fitted.items.idAt(c.index), weight: c.score }));
  }

  async explain(request: SourceRequest, itemIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const fitted = this.trained;
    if (!fitted?.model.explain || !this.options.kind.namesItems) return out;
    const row = this.rowOf(request);
    if (!row) return out;
    const said = this.sentencesFor(request);
    for (const itemId of itemIds) {
      let sentence = said.get(itemId);
      if (sentence === undefined) {
        sentence = this.sentence(fitted, row, itemId);
        said.set(itemId, sentence);
      }
      if (sentence !== null) out.set(itemId, sentence);
    }
    return out;
  }

  /** "Because you watched X and Y" from the user's items that add most to `itemId`'s score, or null. */
  private sentence(fitted: Fitted, row: SparseRow, itemId: string): string | null {
    const i = fitted.items.indexOf(itemId);
    if (i === undefined || !fitted.model.explain) return null;
    const names = fitted.model
      .explain({ row }, i, 2)
      .filter((c) => c.score > 0)
      .map((c) => this.options.catalog.titleOf(fitted.items.idAt(c.index)))
      .filter((t): t is string => t !== undefined);
    return names.length > 0 ? `Because you watched ${names.join(' and ')}` : null;
  }

  /**
   * Each model item's index in the engine's catalogue (−1 where the catalogue had no such id when
   * first asked), made once per model: catalogue indices are never reassigned.
   */
  private catalogIndices(fitted: Fitted): Int32Array {
    if (this.mapped?.fitted === fitted) return this.mapped.indices;
    const { ids } = this.options.catalog;
    const indices = Int32Array.from({ length: fitted.items.size }, (_, i) => ids.indexOf(fitted.items.idAt(i)) ?? -1);
    this.mapped = { fitted, indices };
    return indices;
  }

  /** The sentences said for this history with this model and catalogue. */
  private sentencesFor(request: SourceRequest): Map<string, string | null> {
    const { version } = this;
    const catalogVersion = this.options.catalog.version;
    const kept = this.said.get(request.interactions);
    if (kept && kept.version === version && kept.catalogVersion === catalogVersion) return kept.sentences;
    const sentences = new Map<string, string | null>();
    this.said.set(request.interactions, { version, catalogVersion, sentences });
    return sentences;
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const fitted = this.trained;
    const row = this.rowOf(request);
    if (!fitted || !row) return [];
    const { items } = fitted;
    // One catalogue-sized buffer per source, reused: scoring and selection run without a pause.
    const scores = this.scratch?.length === items.size ? this.scratch : (this.scratch = new Float32Array(items.size));
    fitted.model.scoreAll({ row }, scores);
    // Exclusions as model indices, and liveness through the catalogue index of each model item:
    // the selection looks no id up.
    const excluded = new Set<number>();
    for (const id of request.excluded) {
      const i = items.indexOf(id);
      if (i !== undefined) excluded.add(i);
    }
    const { catalog } = this.options;
    const inCatalog = this.catalogIndices(fitted);
    const gone = (i: number) => {
      const c = inCatalog[i]!;
      return c >= 0 ? !catalog.isLive(c) : !catalog.has(items.idAt(i));
    };
    return topItems(scores, request.limit, (i) => excluded.has(i) || gone(i)).map((t) => ({
      itemId: items.idAt(t.index),
      score: t.score,
      reason: this.reason,
    }));
  }

  async score(request: SourceRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const fitted = this.trained;
    const row = this.rowOf(request);
    if (!fitted || !row) return [];
    const known: string[] = [];
    const indices: number[] = [];
    for (const itemId of itemIds) {
      const i = fitted.items.indexOf(itemId);
      if (i === undefined) continue;
      known.push(itemId);
      indices.push(i);
    }
    const scores = new Float32Array(indices.length);
    if (fitted.model.scoreItems) {
      // Only the asked items: the cost stays off the catalogue's size.
      fitted.model.scoreItems({ row }, Int32Array.from(indices), scores);
    } else {
      const all = this.scratch?.length === fitted.items.size ? this.scratch : (this.scratch = new Float32Array(fitted.items.size));
      fitted.model.scoreAll({ row }, all);
      indices.forEach((i, k) => (scores[k] = all[i]!));
    }
    const out: Candidate[] = [];
    known.forEach((itemId, k) => {
      if (Number.isFinite(scores[k]!)) out.push({ itemId, score: scores[k]!, reason: this.reason });
    });
    return out;
  }

  stateVersion(): number {
    return this.version;
  }

  itemVectors(itemIds: readonly string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    const fitted = this.trained;
    if (!fitted?.model.itemVector) return out;
    for (const id of itemIds) {
      const i = fitted.items.indexOf(id);
      const v = i === undefined ? undefined : fitted.model.itemVector(i);
      if (v) out.set(id, v);
    }
    return out;
  }

  /**
   * The user's row over the model's items, made once per folded history (the request's
   * interaction map is its key: shared by the copies the engine makes of a request, and reused
   * across requests while the user's events are unchanged); undefined when empty.
   */
  private rowOf(request: SourceRequest): SparseRow | undefined {
    const fitted = this.trained;
    if (!fitted) return undefined;
    const row = historyRow(request.interactions, fitted.items, this.options.engagement);
    return row.indices.length > 0 ? row : undefined;
  }
}

/** The registration of a model kind as a built-in source. */
export function defineModelSource<S extends { enabled: boolean }>(kind: ModelKind<S>): SourceDefinition<S> {
  return defineSource({
    name: kind.name,
    defaultWeight: kind.defaultWeight,
    settingsKey: kind.settingsKey,
    settings: kind.settings,
    create: (ctx, settings) => new ModelSource({ kind, settings, catalog: ctx.catalog, engagement: ctx.engagement }),
  });
}
