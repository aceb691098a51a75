import type { ServedVariant } from '../experiments/experiments.js';
import { diversify } from './diversify.js';
import { hidesItem, qualifying, type WatchedMode } from './filters.js';
import { interactionWeight } from '../algorithms/profile/preference-vector.js';
import type { Tuning } from '../core/config.js';
import type { ContentItem, Recommendation, RecommendContext, SourceName, UserProfile } from '../core/types.js';
import type { StoreSet } from '../stores/types.js';
import { blend, effectiveWeights, type BlendedItem, type SourceResult } from './blend.js';
import type { CatalogIndex } from './catalog-index.js';
import { explanationSentence, nearestAnchors, type Anchor } from './explain.js';
import { profileParams, type UserHistory } from './profiles.js';
import type { CandidateRequest, CandidateSource } from './sources/types.js';

/** How one source fared in a request. */
export interface SourceDigest {
  source: SourceName;
  /** Weight it got for this user after cold-start fading. */
  weight: number;
  candidates: number;
  milliseconds: number;
}

/** A recommendation response with the facts behind it. */
export interface RecommendationResponse {
  items: Recommendation[];
  /** The sources that ran, with their weight, candidate count and time. */
  sources: SourceDigest[];
  /** True when the user had fewer interactions than `coldStart.minInteractions`. */
  coldStart: boolean;
  /** Intra-list diversity of the items: mean pairwise 1 − cosine similarity of their embeddings. */
  diversity: number;
  /** The experiments this request took part in, with the user's variant (absent when none). */
  experiments?: ServedVariant[];
}

/** Everything the pipeline runs on for one request. */
export interface PipelineInput {
  stores: StoreSet;
  tuning: Tuning;
  catalog: CatalogIndex;
  sources: readonly CandidateSource[];
  userId: string;
  profile: UserProfile | undefined;
  history: UserHistory;
  count: number;
  exclude: readonly string[];
  context: RecommendContext | undefined;
  now: number;
  /** Only these items may be returned (scored even when no source proposed them). */
  allow?: ReadonlySet<string> | undefined;
  /** Only items the predicate accepts. */
  filter?: ((item: ContentItem) => boolean) | undefined;
  /** Overrides `filters.watched`. */
  watched?: WatchedMode | undefined;
  /** Overrides `diversity.lambda`. */
  lambda?: number | undefined;
  /** Genres the user stated they like. */
  preferredGenres?: readonly string[] | undefined;
  /** Demographic facts the host gave for the user. */
  demographics?: Readonly<Record<string, string>> | undefined;
  /** True for items nobody has interacted with yet (candidates for exploration slots). */
  isNew?: ((itemId: string) => boolean) | undefined;
  /** Re-scores the candidate pool before diversity picks from it (the user's adapter). */
  rerank?: ((pool: BlendedItem[]) => Promise<BlendedItem[]>) | undefined;
}

/**
 * The recommend pipeline: candidates from every source → per-source normalisation and weighted
 * blend → removal of watched and excluded items → a pool of the best → optional re-scoring (the
 * user's adapter) → diversity picks `count` → exploration slots → explanations.
 */
export async function runPipeline(input: PipelineInput): Promise<RecommendationResponse> {
  const { tuning, history, count } = input;
  const watched = input.watched ?? tuning.filters.watched;
  const excluded = new Set(input.exclude);
  for (const it of history.interactions.values()) if (hidesItem(it, watched, tuning.filters.completedAt)) excluded.add(it.itemId);
  let limit = Math.max(tuning.recommend.minCandidates, Math.ceil(count * tuning.recommend.candidateMultiplier));
  const interactionCount = input.profile?.interactionCount ?? history.events.length;
  const weights = effectiveWeights(
    tuning.blend.weights,
    // Sources with nothing to go on for this request take no share of the blend.
    input.sources
      .map((s) => s.name)
      .filter(
        (name) =>
          (name !== 'context' || input.context !== undefined) &&
          (name !== 'stated' || (input.preferredGenres?.length ?? 0) > 0) &&
          (name !== 'demographic' || Object.keys(input.demographics ?? {}).length > 0),
      ),
    interactionCount,
    tuning.coldStart.minInteractions,
  );
  const request: CandidateRequest = {
    userId: input.userId,
    interactions: history.interactions,
    excluded,
    limit,
    now: input.now,
    ...(input.profile ? { profile: input.profile } : {}),
    ...(input.context ? { context: input.context } : {}),
    ...(input.preferredGenres?.length ? { preferredGenres: input.preferredGenres.map((g) => g.toLowerCase()) } : {}),
    ...(input.demographics ? { demographics: input.demographics } : {}),
  };
  const filters = { excluded, allow: input.allow, predicate: input.filter };
  const include = input.allow ? [...input.allow] : [];
  const poolSize = Math.ceil(count * tuning.diversity.poolMultiplier);
  let results = await gatherCandidates(input.sources, weights, request, input.catalog, include);
  // Three pools' worth qualify: the first feeds diversity, the rest can still offer new items for exploration.
  let qualified = await qualifying(blend(results), filters, input.catalog, input.stores, poolSize * 3);
  let pool = qualified.slice(0, poolSize);
  // Filters can leave too few: ask every source for deeper lists (a few rounds at most).
  for (let round = 0; round < 3 && pool.length < poolSize && limit < input.catalog.count; round++) {
    limit *= 4;
    results = await gatherCandidates(input.sources, weights, { ...request, limit }, input.catalog, include);
    qualified = await qualifying(blend(results), filters, input.catalog, input.stores, poolSize * 3);
    pool = qualified.slice(0, poolSize);
  }
  if (input.rerank) pool = await input.rerank(pool);
  const picked = await diversify(pool, count, {
    lambda: input.lambda ?? tuning.diversity.lambda,
    maxGenreShare: tuning.diversity.maxGenreShare,
    vectors: input.stores.vectors,
    catalog: input.catalog,
  });
  const explore = input.isNew ? Math.floor(count * tuning.coldStart.explorationShare) : 0;
  const chosen = explore > 0 ? withExploration(picked.items, qualified, explore, input.isNew!) : picked.items;
  const items = await explain(input, chosen, request, picked.vectors);
  const digests = results.map(({ source, weight, candidates, milliseconds }) => ({ source, weight, candidates: candidates.length, milliseconds }));
  return { items, sources: digests, coldStart: interactionCount < tuning.coldStart.minInteractions, diversity: picked.diversity };
}

/**
 * Gives up to `slots` places at the end of the list to the most relevant new items of the pool
 * (no interactions yet), so new content gets exposure; a list already holding that many keeps
 * its order.
 */
export function withExploration(items: readonly BlendedItem[], pool: readonly BlendedItem[], slots: number, isNew: (itemId: string) => boolean): BlendedItem[] {
  const have = items.filter((b) => isNew(b.itemId)).length;
  const chosen = new Set(items.map((b) => b.itemId));
  const fresh = pool.filter((b) => !chosen.has(b.itemId) && isNew(b.itemId)).slice(0, Math.max(0, slots - have));
  if (fresh.length === 0) return [...items];
  const out = [...items];
  let replaced = 0;
  for (let i = out.length - 1; i >= 0 && replaced < fresh.length; i--) {
    if (!isNew(out[i]!.itemId)) out[i] = fresh[replaced++]!;
  }
  return out;
}

/**
 * Two phases: every weighted source proposes candidates; then every source that can score
 * arbitrary items scores the candidates the others proposed, so the blend sees every signal
 * for every item in the union.
 */
async function gatherCandidates(
  sources: readonly CandidateSource[],
  weights: ReadonlyMap<SourceName, number>,
  request: CandidateRequest,
  catalog: CatalogIndex,
  include: readonly string[] = [],
): Promise<Array<SourceResult & { milliseconds: number }>> {
  const results = await Promise.all(
    sources.map(async (source) => {
      const weight = weights.get(source.name) ?? 0;
      const started = performance.now();
      const candidates = weight > 0 ? await source.candidates(request) : [];
      return { source: source.name, weight, candidates, milliseconds: performance.now() - started };
    }),
  );
  const union = new Set<string>();
  for (const r of results) for (const c of r.candidates) if (!request.excluded.has(c.itemId) && catalog.has(c.itemId)) union.add(c.itemId);
  for (const id of include) if (!request.excluded.has(id) && catalog.has(id)) union.add(id);
  await Promise.all(
    results.map(async (r, i) => {
      const source = sources[i]!;
      if (!source.score || r.weight <= 0) return;
      const proposed = new Set(r.candidates.map((c) => c.itemId));
      const rest = [...union].filter((id) => !proposed.has(id));
      if (rest.length === 0) return;
      const started = performance.now();
      r.candidates = [...r.candidates, ...(await source.score(request, rest))];
      r.milliseconds += performance.now() - started;
    }),
  );
  return results;
}

/** A personal source carrying at least this share of a score explains it, even when trending carries more. */
const PERSONAL_SHARE = 0.25;

/**
 * The source whose reason a result is given: the strongest personal (non-trending) source
 * when it carries a real part of the score, else the strongest source.
 */
function explainingSource(b: BlendedItem): SourceName | undefined {
  // Nothing scored the item (it filled a slot at the bottom of every list): no source may claim
  // it, except trending's plain "Popular in the catalogue".
  if (!(b.score > 0)) return b.reasons.has('trending') ? 'trending' : undefined;
  const personal = b.contributions.find((c) => c.source !== 'trending');
  if (personal && personal.share >= PERSONAL_SHARE) return personal.source;
  return b.contributions[0]?.source;
}

async function explain(
  input: PipelineInput,
  top: BlendedItem[],
  request: CandidateRequest,
  known: ReadonlyMap<string, Float32Array>,
): Promise<Recommendation[]> {
  const lead = new Map(top.map((b) => [b.itemId, explainingSource(b)]));
  const needsAnchors = [...lead.values()].includes('content');
  const anchors = needsAnchors ? await loadAnchors(input) : [];
  // The pool's vectors were read for diversity; only exploration picks may be missing.
  const missing = anchors.length > 0 ? top.map((b) => b.itemId).filter((id) => !known.has(id)) : [];
  const vectors = missing.length > 0 ? new Map([...known, ...(await input.stores.vectors.get(missing))]) : known;
  // Sources that can name the user's items behind a result explain the results they lead.
  const fromSources = new Map<string, string>();
  await Promise.all(
    input.sources.map(async (source) => {
      if (!source.explain) return;
      const mine = top.filter((b) => lead.get(b.itemId) === source.name).map((b) => b.itemId);
      if (mine.length === 0) return;
      for (const [itemId, sentence] of await source.explain(request, mine)) fromSources.set(itemId, sentence);
    }),
  );
  return top.map((b) => {
    const source = lead.get(b.itemId);
    const vector = vectors.get(b.itemId);
    let explanation =
      fromSources.get(b.itemId) ??
      explanationSentence(source, {
        anchorTitles: vector ? nearestAnchors(vector, anchors).map((a) => a.title) : [],
        ...(source && b.reasons.has(source) ? { reason: b.reasons.get(source)! } : {}),
      });
    const strongest = b.contributions[0];
    if (source !== 'trending' && strongest?.source === 'trending' && b.reasons.get('trending') === 'Trending this week') {
      explanation += ', and trending this week';
    }
    return { itemId: b.itemId, score: b.score, sources: b.contributions, explanation };
  });
}

/** The user's most weighty positive items, with titles and vectors, to name in explanations. */
async function loadAnchors(input: PipelineInput): Promise<Anchor[]> {
  const params = profileParams(input.tuning);
  const ranked = [...input.history.interactions.values()]
    .map((it) => ({ id: it.itemId, w: interactionWeight(it, params, input.now) }))
    .filter((x) => x.w > 0)
    .sort((a, b) => b.w - a.w)
    .slice(0, input.tuning.explanation.anchorCandidates)
    .map((x) => x.id);
  if (ranked.length === 0) return [];
  const vectors = await input.stores.vectors.get(ranked);
  return ranked.flatMap((itemId) => {
    const vector = vectors.get(itemId);
    const title = input.catalog.titleOf(itemId);
    return vector && title !== undefined ? [{ itemId, title, vector }] : [];
  });
}
