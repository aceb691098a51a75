/**
 * Content: the catalogue items whose embeddings are closest (cosine) to the user's preference
 * vector, explained by the watched items they resemble most ("Because you watched Heat").
 */
import { z } from 'zod';
import { interactionWeight, type PreferenceParams } from '../../algorithms/profile/preference-vector.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { LruMap } from '../../core/lru-map.js';
import { TopK } from '../../core/top-k.js';
import { cosine, isZeroVector } from '../../core/vector.js';
import type { VectorStore } from '../../stores/types.js';
import { defineSource } from '../definition.js';
import type { Candidate, Source, SourceRequest } from '../source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.2;
/** Users whose explanation anchors are kept. */
const ANCHOR_USERS = 1000;

/** Settings of content explanations (`explanation` in the engine options). */
export const contentSettings = z.object({
  /** How many of the user's recent positives are checked when explaining "Because you watched". @default 50 */
  anchorCandidates: z.number().int().min(1).max(10_000).default(50),
});

/** An item the user engaged with, used to say "Because you watched ...". */
export interface Anchor {
  itemId: string;
  title: string;
  vector: Float32Array;
}

export class ContentSource implements Source {
  readonly name = 'content';
  readonly role = 'personal';
  readonly defaultWeight = WEIGHT;
  readonly reason = 'Matches your taste';

  constructor(
    private readonly vectors: VectorStore,
    private readonly catalog: CatalogIndex,
    private readonly engagement: PreferenceParams,
    private readonly anchorCandidates: number,
  ) {}

  /** The last anchors of recently explained users (see `anchors`). */
  private readonly anchorCache = new LruMap<string, { key: string; anchors: Anchor[] }>(ANCHOR_USERS);

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const pref = this.preference(request);
    if (!pref) return [];
    const matches = await this.vectors.query(pref, { k: request.limit, excludeIds: [...request.excluded] });
    return matches.filter((m) => this.catalog.has(m.id)).map((m) => ({ itemId: m.id, score: m.score }));
  }

  async score(request: SourceRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const pref = this.preference(request);
    if (!pref || itemIds.length === 0) return [];
    const matches = await this.vectors.query(pref, { k: itemIds.length, ids: itemIds });
    return matches.map((m) => ({ itemId: m.id, score: m.score }));
  }

  forgetUser(userId: string): void {
    this.anchorCache.delete(userId);
  }

  /** Its lists depend only on the profile and the vectors, which change with the catalogue (whose version the engine watches). */
  stateVersion(): number {
    return 0;
  }

  /** "Because you watched X (and Y)" from the user's weightiest items most like each result. */
  async explain(request: SourceRequest, itemIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const anchors = await this.anchors(request);
    if (anchors.length === 0) return out;
    const vectors = await this.vectors.get(itemIds);
    for (const itemId of itemIds) {
      const vector = vectors.get(itemId);
      const titles = vector ? nearestAnchors(vector, anchors).map((a) => a.title) : [];
      if (titles.length > 0) out.set(itemId, `Because you watched ${titles.join(' and ')}`);
    }
    return out;
  }

  /**
   * The user's weightiest positive items with their vectors. Fetching those vectors is most of an
   * explanation's cost, so the last set is kept per user while the same items lead and the
   * catalogue (and with it every vector) is unchanged.
   */
  private async anchors(request: SourceRequest): Promise<Anchor[]> {
    const best = new TopK<string>(this.anchorCandidates);
    for (const it of request.interactions.values()) {
      const w = interactionWeight(it, this.engagement, request.now);
      if (w > 0) best.push(w, it.itemId);
    }
    const ranked = best.sorted().map((x) => x.value);
    if (ranked.length === 0) return [];
    const key = `${this.catalog.version}\u0000${ranked.join('\u0000')}`;
    const kept = this.anchorCache.get(request.userId);
    if (kept?.key === key) return kept.anchors;
    const vectors = await this.vectors.get(ranked);
    const anchors = ranked.flatMap((itemId) => {
      const vector = vectors.get(itemId);
      const title = this.catalog.titleOf(itemId);
      return vector && title !== undefined ? [{ itemId, title, vector }] : [];
    });
    this.anchorCache.set(request.userId, { key, anchors });
    return anchors;
  }

  private preference(request: SourceRequest): Float32Array | undefined {
    const pref = request.profile?.preferenceVector;
    return pref && pref.length === this.vectors.dimension && !isZeroVector(pref) ? pref : undefined;
  }
}

/**
 * An anchor less similar than this is not named. Hashed features collide (two unrelated items
 * of 512-dimensional hashing vectors measure up to about 0.15), and a faint similarity would let
 * a family film claim a crime thriller as its reason; films that share genres or cast measure
 * 0.3 and more.
 */
export const MIN_ANCHOR_SIMILARITY = 0.2;

/**
 * The anchors most similar to `vector`: the best one, plus a second when it is nearly as
 * similar (within 90%), so the sentence names two titles only when both really apply.
 */
export function nearestAnchors(vector: Float32Array, anchors: readonly Anchor[]): Anchor[] {
  const scored = anchors
    .map((a) => ({ a, s: cosine(vector, a.vector) }))
    .filter((x) => x.s >= MIN_ANCHOR_SIMILARITY)
    .sort((x, y) => y.s - x.s);
  if (scored.length === 0) return [];
  const out = [scored[0]!.a];
  if (scored[1] && scored[1].s >= 0.9 * scored[0]!.s) out.push(scored[1].a);
  return out;
}

/** Registration of the content source. */
export const content = defineSource({
  defaultWeight: WEIGHT,
  name: 'content',
  settingsKey: 'explanation',
  settings: contentSettings,
  create: (ctx, settings) => new ContentSource(ctx.vectors, ctx.catalog, ctx.engagement, settings.anchorCandidates),
});
