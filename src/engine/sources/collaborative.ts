import { interactionEngagement, type EngagementParams } from '../../algorithms/profile/engagement.js';
import type { CollaborativeModel } from '../../algorithms/cf/models.js';
import { topItems } from '../../algorithms/cf/models.js';
import type { SparseRow } from '../../algorithms/cf/matrix.js';
import type { IdMap } from '../../core/id-map.js';
import type { ItemInteraction } from '../../algorithms/profile/engagement.js';
import type { SourceName } from '../../core/types.js';
import type { Candidate, CandidateRequest, CandidateSource } from './types.js';

/** A trained model and the item ids of its columns. */
export interface FittedModel {
  model: CollaborativeModel;
  items: IdMap;
}

/**
 * A collaborative model as a candidate source. The user is always scored from their current
 * history (ALS folds them in, item-kNN sums neighbours), so an event tracked a moment ago already
 * changes the result, and users who arrived after training are served too. The model keeps its
 * own item indices; ids are translated here.
 */
export class CollaborativeSource implements CandidateSource {
  /** Scores computed for a request, shared by candidates() and score(). */
  private readonly perRequest = new WeakMap<CandidateRequest, Float32Array>();
  fitted: FittedModel | undefined;

  constructor(
    readonly name: SourceName,
    private readonly isLive: (itemId: string) => boolean,
    private readonly engagement: EngagementParams,
    private readonly reason: string,
    /** When given, results are explained by the user's items that led to them. */
    private readonly titleOf?: (itemId: string) => string | undefined,
  ) {}

  /**
   * The user's items that contributed most to `itemId`'s score, or undefined when the model
   * cannot explain or does not know the item.
   */
  contributions(interactions: Iterable<ItemInteraction>, itemId: string, count: number): Array<{ itemId: string; weight: number }> | undefined {
    const fitted = this.fitted;
    const index = fitted?.items.indexOf(itemId);
    if (!fitted?.model.explain || index === undefined) return undefined;
    const row = userRow(interactions, fitted.items, this.engagement);
    return fitted.model.explain({ row }, index, count).map((c) => ({ itemId: fitted.items.idAt(c.index), weight: c.score }));
  }

  async explain(request: CandidateRequest, itemIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const fitted = this.fitted;
    if (!fitted?.model.explain || !this.titleOf) return out;
    const row = userRow(request.interactions.values(), fitted.items, this.engagement);
    const because = new Map<string, string[]>();
    for (const itemId of itemIds) {
      const i = fitted.items.indexOf(itemId);
      if (i === undefined) continue;
      const top = fitted.model.explain({ row }, i, 2).filter((c) => c.score > 0);
      if (top.length > 0)
        because.set(
          itemId,
          top.map((c) => fitted.items.idAt(c.index)),
        );
    }
    for (const [itemId, sources] of because) {
      const names = sources.map((id) => this.titleOf!(id)).filter((t): t is string => t !== undefined);
      if (names.length > 0) out.set(itemId, `Because you watched ${names.join(' and ')}`);
    }
    return out;
  }

  async candidates(request: CandidateRequest): Promise<Candidate[]> {
    const scores = this.scores(request);
    if (!scores || !this.fitted) return [];
    const { items } = this.fitted;
    return topItems(scores, request.limit, (i) => {
      const id = items.idAt(i);
      return request.excluded.has(id) || !this.isLive(id);
    }).map((t) => ({ itemId: items.idAt(t.index), score: t.score, reason: this.reason }));
  }

  async score(request: CandidateRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const scores = this.scores(request);
    if (!scores || !this.fitted) return [];
    const out: Candidate[] = [];
    for (const itemId of itemIds) {
      const i = this.fitted.items.indexOf(itemId);
      if (i !== undefined && Number.isFinite(scores[i]!)) out.push({ itemId, score: scores[i]!, reason: this.reason });
    }
    return out;
  }

  private scores(request: CandidateRequest): Float32Array | undefined {
    if (!this.fitted) return undefined;
    let scores = this.perRequest.get(request);
    if (scores) return scores;
    const row = userRow(request.interactions.values(), this.fitted.items, this.engagement);
    if (row.indices.length === 0) return undefined;
    scores = new Float32Array(this.fitted.items.size);
    this.fitted.model.scoreAll({ row }, scores);
    this.perRequest.set(request, scores);
    return scores;
  }
}

/** A user's positive interactions as a sparse row over a model's item indices (value 1 each). */
export function userRow(interactions: Iterable<ItemInteraction>, items: IdMap, engagement: EngagementParams): SparseRow {
  const indices: number[] = [];
  for (const it of interactions) {
    if (interactionEngagement(it, engagement) <= 0) continue;
    const i = items.indexOf(it.itemId);
    if (i !== undefined) indices.push(i);
  }
  indices.sort((a, b) => a - b);
  return { indices: Int32Array.from(indices), values: new Float32Array(indices.length).fill(1) };
}
