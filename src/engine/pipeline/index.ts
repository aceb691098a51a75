/**
 * The recommend pipeline: request → gather (every source proposes, every source scores the
 * union) → blend (per-source normalisation, weights by role) → filter (watched, excluded,
 * allow-list, predicate; deeper lists, then the ambient sources without weight, while too few
 * qualify) → optional re-scoring (the user's adapter) → diversify (MMR with a genre cap) →
 * exploration slots → explain. It knows sources only through their contract.
 */
import { TimeoutError } from '../../core/errors.js';
import { instruments } from '../../core/telemetry.js';
import type { ContentItem, Recommendation, SourceName } from '../../core/types.js';
import type { Source } from '../../sources/source.js';
import type { StoreSet } from '../../stores/types.js';
import type { ServedVariant } from '../../experiments/types.js';
import type { Tuning } from '../config.js';
import { blend, effectiveWeights, withIdleAmbient, type BlendedItem } from './blend.js';
import { diversify } from './diversify.js';
import { explainResults } from './explain.js';
import { explorationPool, withExploration } from './exploration.js';
import { qualifying } from './filter.js';
import { gatherCandidates, type GatheredResult } from './gather.js';
import { applicableSources, sourceRequest, type RequestInput } from './request.js';
import type { SourceGuard } from './source-guard.js';
import type { SimilarityMeasure } from './similarity.js';

/** How one source fared in a request. */
export interface SourceDigest {
  source: SourceName;
  /** Weight it got for this user after cold-start fading. */
  weight: number;
  candidates: number;
  milliseconds: number;
  /** True when the source threw: the response was made without its part (and is not cached). */
  failed?: boolean;
}

/** A recommendation response with the facts behind it. */
export interface RecommendationResponse {
  items: Recommendation[];
  /** The sources that ran, with their weight, candidate count and time. */
  sources: SourceDigest[];
  /** True when the user had fewer interactions than `coldStart.minInteractions`. */
  coldStart: boolean;
  /**
   * Intra-list diversity of the items: mean pairwise 1 − similarity, judged by
   * `diversityMeasure`.
   */
  diversity: number;
  /**
   * What judged how alike two items are: collaborative `factors` where both items have them,
   * `embeddings` from a semantic embedder, `genres` (Jaccard overlap) otherwise, or `mixed`.
   */
  diversityMeasure: SimilarityMeasure;
  /** True when a pick had to break the genre cap because nothing that keeps it qualified. */
  genreCapRelaxed: boolean;
  /** The experiments this request took part in, with the user's variant (absent when none). */
  experiments?: ServedVariant[];
}

/** Everything the pipeline runs on for one request. */
export interface PipelineInput extends RequestInput {
  stores: StoreSet;
  sources: readonly Source[];
  count: number;
  /** Only these items may be returned (scored even when no source proposed them). */
  allow?: ReadonlySet<string> | undefined;
  /** Only items the predicate accepts. */
  filter?: ((item: ContentItem) => boolean) | undefined;
  /** Overrides `diversity.lambda`. */
  lambda?: number | undefined;
  /** Overrides `diversity.maxGenreShare`. */
  maxGenreShare?: number | undefined;
  /** True for items nobody has interacted with yet ("New in the catalogue"). */
  isNew?: ((itemId: string) => boolean) | undefined;
  /** True for items that found their first viewers recently: the exploration slots take them after new ones. */
  isFresh?: ((itemId: string) => boolean) | undefined;
  /** Recently arrived items offered to every list that has exploration slots, even when no source proposed them. */
  fresh?: readonly string[] | undefined;
  /** An item's popularity from 0 (unwatched) to 1 (the most watched), for `blend.popularityPenalty`. */
  popularityLevel?: ((itemId: string) => number) | undefined;
  /** An item's exposure from 0 to 1 (the item the blend lists most), for `blend.exposurePenalty`. */
  exposureLevel?: ((itemId: string) => number) | undefined;
  /** True when the stored embeddings come from a semantic model (`Embedder.semantic`). */
  semanticEmbeddings?: boolean | undefined;
  /**
   * Told when a source throws: the request goes on without that source's part, unless every
   * weighted source failed (the first error is thrown then).
   */
  onSourceError?: ((source: SourceName, error: unknown) => void) | undefined;
  /** Re-scores the candidate pool before diversity picks from it (the user's adapter). */
  rerank?: ((pool: BlendedItem[]) => Promise<BlendedItem[]>) | undefined;
}

/**
 * The share of a blended score the popularity and exposure penalties take:
 * `1 − (1 − popularityPenalty × popularity)(1 − exposurePenalty × exposure)`; none without levels.
 */
function discountOf(
  { popularityPenalty, exposurePenalty }: Tuning['blend'],
  { popularityLevel, exposureLevel }: Pick<PipelineInput, 'popularityLevel' | 'exposureLevel'>,
): ((itemId: string) => number) | undefined {
  const popular = popularityPenalty > 0 ? popularityLevel : undefined;
  const exposed = exposurePenalty > 0 ? exposureLevel : undefined;
  if (!popular && !exposed) return undefined;
  return (itemId) => 1 - (1 - popularityPenalty * (popular?.(itemId) ?? 0)) * (1 - exposurePenalty * (exposed?.(itemId) ?? 0));
}

/** Runs one request through the pipeline. */
export async function runPipeline(input: PipelineInput): Promise<RecommendationResponse> {
  const { tuning, history, count } = input;
  let limit = Math.max(tuning.recommend.minCandidates, Math.ceil(count * tuning.recommend.candidateMultiplier));
  const { request, kept } = sourceRequest(input, limit);
  const { excluded } = request;
  const interactionCount = input.profile?.interactionCount ?? history.events.length;
  /** Sources that threw anywhere in this request (deciding whether they apply, gathering, explaining), and the first error. */
  const failed = new Set<SourceName>();
  let firstError: unknown;
  const onFailure = (source: SourceName, error: unknown) => {
    if (failed.size === 0) firstError = error;
    failed.add(source);
    instruments().sourceFailures.add(1, { 'sona.source': source, 'sona.failure': error instanceof TimeoutError ? 'timeout' : 'error' });
    input.onSourceError?.(source, error);
  };
  const applicable = applicableSources(input.sources, request, onFailure);
  let weights = effectiveWeights(tuning.blend.weights, applicable, interactionCount, tuning.coldStart.minInteractions);
  const filters = { excluded, allow: input.allow, predicate: input.filter };
  const explore = input.isNew ? Math.floor(count * tuning.coldStart.explorationShare) : 0;
  const include = [...(input.allow ?? []), ...(explore > 0 ? (input.fresh ?? []) : [])];
  const poolSize = Math.ceil(count * tuning.diversity.poolMultiplier);
  const discount = discountOf(tuning.blend, input);
  let results: GatheredResult[] = [];
  let blended: BlendedItem[] = [];
  let qualified: BlendedItem[] = [];
  /** Asks every source for `limit` candidates and keeps the first `wanted` that pass the filters. */
  const gather = async (wanted: number) => {
    const failedNow = new Set<SourceName>();
    const guard: SourceGuard = {
      onFailure: (source, error) => {
        failedNow.add(source);
        onFailure(source, error);
      },
      timeoutMs: tuning.recommend.sourceTimeoutMs,
    };
    results = await gatherCandidates(input.sources, weights, { ...request, limit }, input.catalog, include, kept, guard);
    // A fault in one source costs its part; with every weighted source failing there is no answer.
    const weighted = results.filter((r) => r.weight > 0);
    if (weighted.length > 0 && weighted.every((r) => failedNow.has(r.source))) throw firstError;
    // Requests only: the tuner and the lists' background refresh gather too.
    for (const r of results) if (r.weight > 0) instruments().source.record(r.milliseconds, { 'sona.source': r.source });
    blended = blend(results, discount);
    qualified = await qualifying(blended, filters, input.catalog, input.stores, wanted);
  };
  // Three pools' worth qualify: the first feeds diversity, the rest can still offer new items for exploration.
  await gather(poolSize * 3);
  let pool = qualified.slice(0, poolSize);
  // Filters can leave too few: ask every source for deeper lists (a few rounds at most).
  for (let round = 0; round < 3 && pool.length < poolSize && limit < input.catalog.count; round++) {
    limit *= 4;
    await gather(poolSize * 3);
    pool = qualified.slice(0, poolSize);
  }
  // Still short of the list asked for (the weighted sources know few items for this user): the
  // ambient sources the blend gave nothing (trending, say) fill the rest, ranked after the others.
  const filling = qualified.length < count ? withIdleAmbient(weights, applicable) : undefined;
  if (filling) {
    weights = filling;
    await gather(poolSize * 3);
    pool = qualified.slice(0, poolSize);
  }
  if (input.rerank) pool = await input.rerank(pool);
  const diversity = {
    lambda: input.lambda ?? tuning.diversity.lambda,
    maxGenreShare: input.maxGenreShare ?? tuning.diversity.maxGenreShare,
    catalog: input.catalog,
    similarity: {
      sources: input.sources,
      catalog: input.catalog,
      vectors: input.stores.vectors,
      semanticEmbeddings: input.semanticEmbeddings ?? false,
      onFailure,
    },
  };
  let picked = await diversify(pool, count, diversity);
  // The genre cap gives way only when nothing else qualifies: first pick from every qualified
  // item, then ask the sources for deeper lists (a few rounds at most).
  for (let round = 0; round < 3 && picked.capRelaxed; round++) {
    if (round > 0) {
      if (limit >= input.catalog.count) break;
      limit *= 4;
      await gather(limit);
    }
    const wider = input.rerank ? await input.rerank(qualified) : qualified;
    picked = await diversify(wider, count, diversity);
  }
  // New items keep the genre cap when the list keeps it (and do not break it further otherwise).
  const cap =
    diversity.maxGenreShare < 1
      ? { cap: Math.max(1, Math.ceil(diversity.maxGenreShare * picked.items.length)), genresOf: (id: string) => input.catalog.genresOf(id) }
      : undefined;
  const { isNew, isFresh = () => false } = input;
  const explorable = (itemId: string) => isNew!(itemId) || isFresh(itemId);
  const chosen =
    explore > 0
      ? withExploration(
          picked.items,
          input.fresh?.length
            ? await explorationPool(blended, qualified, explorable, filters, { catalog: input.catalog, stores: input.stores, fresh: input.fresh }, explore)
            : qualified,
          explore,
          isNew!,
          picked.capRelaxed ? undefined : cap,
          isFresh,
        )
      : picked.items;
  const items = await explainResults(input.sources, request, chosen, input.isNew, { onFailure, timeoutMs: tuning.recommend.sourceTimeoutMs });
  const digests = results.map(({ source, weight, candidates, milliseconds }) => ({
    source,
    weight,
    candidates: candidates.length,
    milliseconds,
    ...(failed.has(source) ? { failed: true } : {}),
  }));
  return {
    items,
    sources: digests,
    coldStart: interactionCount < tuning.coldStart.minInteractions,
    diversity: picked.diversity,
    diversityMeasure: picked.measure,
    genreCapRelaxed: picked.capRelaxed,
  };
}
