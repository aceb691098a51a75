import { z } from 'zod';
import { ConfigurationError } from './errors.js';

/**
 * Default tuning of the engine. Constants marked "original" come from the SONA crate this
 * package reimplements (see docs/concepts.md); the rest were chosen on MovieTweetings.
 */
export const DEFAULTS = {
  /** Ratings are read on this closed scale. @default { min: 1, max: 5 } */
  ratingScale: { min: 1, max: 5 },
  profile: {
    /** Weight multiplier per decay period (original 0.95). @default 0.95 */
    decayRate: 0.95,
    /** Length of one decay period in days (original 30). @default 30 */
    decayPeriodDays: 30,
    /** Events that watched less than this share are not taste evidence (original 0.3). @default 0.3 */
    minCompletion: 0.3,
    /** How many of a user's newest events a profile is rebuilt from. @default 500 */
    historyLimit: 500,
    /** Weight of the newest event in the genre-affinity moving average (original 0.1). @default 0.1 */
    genreAffinityRate: 0.1,
    /** Affinity of a genre before any evidence (original 0.5). @default 0.5 */
    genreAffinityPrior: 0.5,
  },
  /** Additive engagement weights, clamped to [0, 1] (original 0.4 / 0.3 / +0.2 / -0.5). */
  engagement: {
    /** @default 0.4 */
    completion: 0.4,
    /** @default 0.3 */
    rating: 0.3,
    /** @default 0.2 */
    rewatch: 0.2,
    /** @default -0.5 */
    dismiss: -0.5,
  },
  trending: {
    /** Half-life of an event's contribution to trending, in days. @default 7 */
    halfLifeDays: 7,
  },
  blend: {
    /**
     * Weight of each source's normalised score; sources without a weight get 0. Tuned on a
     * validation split of MovieTweetings (bench/tune.ts; trending through the whole pipeline on
     * a chronological validation split, see bench/results/engine-quality.md). The original crate
     * used collaborative 0.35, content 0.25, graph 0.30, context 0.10.
     */
    weights: {
      trending: 0.2,
      collaborative: 0.3,
      'item-knn': 0.3,
      content: 0.2,
      // Only runs when a request carries a context (time, device, mood, company).
      context: 0.15,
      // Genres the user stated (RecommendOptions.preferredGenres); fades out as history grows.
      // Above trending, as in the original cold start (selected genres 0.8, trending 0.6).
      stated: 0.6,
      // What users sharing the user's demographics watch (engine.updateUserAttributes); fades
      // out as history grows. Between stated genres and trending, as in the original cold start
      // (genres 0.8, age and region 0.7, trending 0.6). Unmeasured: no public data set here
      // has demographics.
      demographic: 0.5,
      // The graph walk is off by default for its cost: 5-10 ms per request (bench/results/recommend.md).
      // On MovieTweetings it adds +0.003 nDCG@10 at weight 0.15 (bench/results/engine-quality.md).
      graph: 0,
    } as Record<string, number>,
  },
  /** Implicit ALS (Hu et al. 2008, CG solver). Defaults tuned on MovieTweetings. */
  collaborative: {
    /** @default true */
    enabled: true,
    /** @default 16 */
    factors: 16,
    /** @default 10 */
    regularization: 10,
    /** Confidence slope c = 1 + alpha. @default 15 */
    alpha: 15,
    /** @default 10 */
    iterations: 10,
    /** @default 3 */
    cgSteps: 3,
    /** @default 42 */
    seed: 42,
  },
  /** Item-item neighbours. */
  itemKnn: {
    /** @default true */
    enabled: true,
    /** @default 500 */
    neighbours: 500,
    /** @default 'bm25' */
    weighting: 'bm25' as 'bm25' | 'cosine',
    /** @default 100 */
    k1: 100,
    /** @default 0.8 */
    b: 0.8,
  },
  snapshots: {
    /** Load the newest model snapshot from the ModelRepository at start-up instead of fitting. @default true */
    load: true,
    /** Publish a snapshot after every fit. @default true */
    save: true,
  },
  recommend: {
    /** Results when `count` is not given. @default 10 */
    defaultCount: 10,
    /** Largest `count` accepted. @default 1000 */
    maxCount: 1000,
    /** Candidates each source proposes before blending, as a multiple of `count`. @default 5 */
    candidateMultiplier: 5,
    /** Floor on candidates per source (each source's pool; the union is scored by all). @default 50 */
    minCandidates: 50,
  },
  experiments: {
    /** How long the list of running experiments is reused before it is read again. @default 5000 */
    refreshMs: 5000,
    /** Event types recorded as conversions of the user's running experiments. */
    conversions: ['click', 'play', 'complete', 'like', 'rate'] as string[],
  },
  coldStart: {
    /** Users with fewer events than this lean on trending (original 5). @default 5 */
    minInteractions: 5,
    /**
     * Share of each list given to items nobody has interacted with yet (new content), the best
     * of them for the user, so new items get exposure. @default 0.1
     */
    explorationShare: 0.1,
  },
  /** The user-item-attribute graph walked by personalized PageRank. */
  graph: {
    /** Edge weights of item attributes (original genre 0.35, cast 0.25, director 0.20, theme 0.20). */
    attributeWeights: { genre: 0.35, cast: 0.25, director: 0.2, theme: 0.2 },
    /** Probability of restarting at the user's items at each step. @default 0.15 */
    restartProbability: 0.15,
    /**
     * Forward-push tolerance: residual per unit of degree left unspread. Work per request is at
     * most 1 / (tolerance × restartProbability) edge visits. 3e-5 scored best per millisecond
     * on MovieTweetings (bench/results/engine-quality.md). @default 3e-5
     */
    tolerance: 3e-5,
  },
  /** Cached recommendation lists (RecommendationCache port), dropped when the user tracks an event. */
  cache: {
    /** @default true */
    enabled: true,
    /** Lifetime of a personal list (original 3600 s). @default 3600 */
    ttlSeconds: 3600,
    /** Lifetime of a cold-start (trending-led) list (original 1800 s). @default 1800 */
    coldStartTtlSeconds: 1800,
  },
  /** Re-ranking for variety (maximal marginal relevance over item embeddings). */
  diversity: {
    /** 1 = relevance only (no re-ranking, no genre cap), 0 = variety only (original 0.7). @default 0.7 */
    lambda: 0.7,
    /** At most this share of a list from one genre, while other items qualify (original 0.4). @default 0.4 */
    maxGenreShare: 0.4,
    /** MMR chooses from the best `count × poolMultiplier` items. @default 3 */
    poolMultiplier: 3,
  },
  /** Which of the user's own items are kept out of their lists. */
  filters: {
    /**
     * `'any'`: every item the user viewed, rated or liked; `'completed'`: only items finished
     * (completion ≥ `completedAt`, rated or liked), so half-watched items can come back;
     * `'none'`: nothing (rewatchable catalogues). Dismissed and disliked items are always out.
     * @default 'any'
     */
    watched: 'any' as 'any' | 'completed' | 'none',
    /** Completion from which an item counts as finished. @default 0.9 */
    completedAt: 0.9,
  },
  /** Per-user LoRA adapters (off by default: see bench/results/lora.md for whether they help). */
  adapters: {
    /** Train on cadence in the background of `track`, and apply stored adapters in `recommend`. @default false */
    enabled: false,
    /** Rank r of B·A (original 8). @default 8 */
    rank: 8,
    /** alpha; the update is scaled by alpha / r (original 16). @default 16 */
    alpha: 16,
    /** Events a user needs before an adapter is trained (original 10). @default 10 */
    minEvents: 10,
    /** Retrain after this many new events (original 10). @default 10 */
    retrainEvery: 10,
    /** The user's latest events used for training. @default 200 */
    historyLimit: 200,
    /** Multiplies similarities before the sigmoid. @default 10 */
    temperature: 10,
    /** Adam step size. @default 0.05 */
    learningRate: 0.05,
    /** L2 penalty on A and B. @default 0.0001 */
    l2: 0.0001,
    /** Upper bound on epochs. @default 150 */
    maxEpochs: 150,
    /** Stop after this many epochs without a better held-out loss. @default 15 */
    patience: 15,
    /** Unseen catalogue items sampled as negatives per positive. @default 2 */
    negativesPerPositive: 2,
    /** Share of the user's latest interactions held out for early stopping. @default 0.2 */
    validationShare: 0.2,
    /** Score multiplier is 1 + boost × clamp(adapter signal, -1, 1) (original 0.3). @default 0.3 */
    boost: 0.3,
    /** Seed of A's initialisation and of negative sampling. @default 42 */
    seed: 42,
  },
  explanation: {
    /** How many of the user's recent positives are checked when explaining "Because you watched". @default 50 */
    anchorCandidates: 50,
  },
} as const;

const positive = z.number().finite().positive();
const unit = z.number().finite().min(0).max(1);

/** The tunable (non-object) part of the engine options. */
export const tuningSchema = z
  .object({
    ratingScale: z
      .object({ min: z.number().finite(), max: z.number().finite() })
      .refine((s) => s.max > s.min, { message: 'max must be greater than min' })
      .default(DEFAULTS.ratingScale),
    profile: z
      .object({
        decayRate: z.number().finite().gt(0).max(1).default(DEFAULTS.profile.decayRate),
        decayPeriodDays: positive.default(DEFAULTS.profile.decayPeriodDays),
        minCompletion: unit.default(DEFAULTS.profile.minCompletion),
        historyLimit: z.number().int().min(1).max(100_000).default(DEFAULTS.profile.historyLimit),
        genreAffinityRate: z.number().finite().gt(0).max(1).default(DEFAULTS.profile.genreAffinityRate),
        genreAffinityPrior: unit.default(DEFAULTS.profile.genreAffinityPrior),
      })
      .prefault({}),
    engagement: z
      .object({
        completion: z.number().finite().default(DEFAULTS.engagement.completion),
        rating: z.number().finite().default(DEFAULTS.engagement.rating),
        rewatch: z.number().finite().default(DEFAULTS.engagement.rewatch),
        dismiss: z.number().finite().default(DEFAULTS.engagement.dismiss),
      })
      .prefault({}),
    trending: z.object({ halfLifeDays: positive.default(DEFAULTS.trending.halfLifeDays) }).prefault({}),
    blend: z
      .object({
        weights: z
          .record(z.string().min(1), z.number().finite().min(0))
          .refine((w) => Object.values(w).some((v) => v > 0), {
            message: 'at least one weight must be positive',
          })
          .default(DEFAULTS.blend.weights),
      })
      .prefault({}),
    recommend: z
      .object({
        defaultCount: z.number().int().min(1).default(DEFAULTS.recommend.defaultCount),
        maxCount: z.number().int().min(1).max(100_000).default(DEFAULTS.recommend.maxCount),
        candidateMultiplier: positive.default(DEFAULTS.recommend.candidateMultiplier),
        minCandidates: z.number().int().min(1).default(DEFAULTS.recommend.minCandidates),
      })
      .refine((r) => r.defaultCount <= r.maxCount, {
        message: 'defaultCount must not exceed maxCount',
        path: ['defaultCount'],
      })
      .prefault({}),
    collaborative: z
      .object({
        enabled: z.boolean().default(DEFAULTS.collaborative.enabled),
        factors: z.number().int().min(1).max(1024).default(DEFAULTS.collaborative.factors),
        regularization: z.number().finite().min(0).default(DEFAULTS.collaborative.regularization),
        alpha: z.number().finite().min(0).default(DEFAULTS.collaborative.alpha),
        iterations: z.number().int().min(1).max(1000).default(DEFAULTS.collaborative.iterations),
        cgSteps: z.number().int().min(1).max(1024).default(DEFAULTS.collaborative.cgSteps),
        seed: z.number().int().default(DEFAULTS.collaborative.seed),
      })
      .prefault({}),
    itemKnn: z
      .object({
        enabled: z.boolean().default(DEFAULTS.itemKnn.enabled),
        neighbours: z.number().int().min(1).max(100_000).default(DEFAULTS.itemKnn.neighbours),
        weighting: z.enum(['bm25', 'cosine']).default(DEFAULTS.itemKnn.weighting),
        k1: positive.default(DEFAULTS.itemKnn.k1),
        b: unit.default(DEFAULTS.itemKnn.b),
      })
      .prefault({}),
    snapshots: z
      .object({
        load: z.boolean().default(DEFAULTS.snapshots.load),
        save: z.boolean().default(DEFAULTS.snapshots.save),
      })
      .prefault({}),
    experiments: z
      .object({
        refreshMs: z.number().int().min(0).default(DEFAULTS.experiments.refreshMs),
        conversions: z.array(z.string().min(1)).default(DEFAULTS.experiments.conversions),
      })
      .prefault({}),
    coldStart: z
      .object({
        minInteractions: z.number().int().min(0).default(DEFAULTS.coldStart.minInteractions),
        explorationShare: z.number().min(0).max(1).default(DEFAULTS.coldStart.explorationShare),
      })
      .prefault({}),
    graph: z
      .object({
        attributeWeights: z
          .object({
            genre: z.number().min(0).default(DEFAULTS.graph.attributeWeights.genre),
            cast: z.number().min(0).default(DEFAULTS.graph.attributeWeights.cast),
            director: z.number().min(0).default(DEFAULTS.graph.attributeWeights.director),
            theme: z.number().min(0).default(DEFAULTS.graph.attributeWeights.theme),
          })
          .prefault({}),
        restartProbability: z.number().gt(0).lt(1).default(DEFAULTS.graph.restartProbability),
        tolerance: z.number().gt(0).lt(1).default(DEFAULTS.graph.tolerance),
      })
      .prefault({}),
    cache: z
      .object({
        enabled: z.boolean().default(DEFAULTS.cache.enabled),
        ttlSeconds: z.number().int().min(1).default(DEFAULTS.cache.ttlSeconds),
        coldStartTtlSeconds: z.number().int().min(1).default(DEFAULTS.cache.coldStartTtlSeconds),
      })
      .prefault({}),
    diversity: z
      .object({
        lambda: z.number().min(0).max(1).default(DEFAULTS.diversity.lambda),
        maxGenreShare: z.number().gt(0).max(1).default(DEFAULTS.diversity.maxGenreShare),
        poolMultiplier: z.number().min(1).max(20).default(DEFAULTS.diversity.poolMultiplier),
      })
      .prefault({}),
    filters: z
      .object({
        watched: z.enum(['any', 'completed', 'none']).default(DEFAULTS.filters.watched),
        completedAt: z.number().min(0).max(1).default(DEFAULTS.filters.completedAt),
      })
      .prefault({}),
    adapters: z
      .object({
        enabled: z.boolean().default(DEFAULTS.adapters.enabled),
        rank: z.number().int().min(1).max(256).default(DEFAULTS.adapters.rank),
        alpha: z.number().positive().default(DEFAULTS.adapters.alpha),
        minEvents: z.number().int().min(2).default(DEFAULTS.adapters.minEvents),
        retrainEvery: z.number().int().min(1).default(DEFAULTS.adapters.retrainEvery),
        historyLimit: z.number().int().min(2).default(DEFAULTS.adapters.historyLimit),
        temperature: z.number().positive().default(DEFAULTS.adapters.temperature),
        learningRate: z.number().positive().max(10).default(DEFAULTS.adapters.learningRate),
        l2: z.number().min(0).default(DEFAULTS.adapters.l2),
        maxEpochs: z.number().int().min(1).max(100_000).default(DEFAULTS.adapters.maxEpochs),
        patience: z.number().int().min(1).default(DEFAULTS.adapters.patience),
        negativesPerPositive: z.number().min(0).max(100).default(DEFAULTS.adapters.negativesPerPositive),
        validationShare: z.number().min(0).max(0.9).default(DEFAULTS.adapters.validationShare),
        boost: z.number().min(0).max(10).default(DEFAULTS.adapters.boost),
        seed: z.number().int().default(DEFAULTS.adapters.seed),
      })
      .prefault({}),
    explanation: z
      .object({
        anchorCandidates: z.number().int().min(1).max(10_000).default(DEFAULTS.explanation.anchorCandidates),
      })
      .prefault({}),
  })
  .strict();

/** Tuning options as a host passes them: every field optional, nested objects partial. */
export type TuningOptions = z.input<typeof tuningSchema>;
/** Tuning after defaults are applied and validated. */
export type Tuning = z.output<typeof tuningSchema>;

/** Validates `input` against `schema`; the first problem becomes a {@link ConfigurationError}. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new ConfigurationError(path || '(options)', issue.message, { cause: result.error });
}

/** Applies defaults to and validates the engine's tuning options. */
export function resolveTuning(input: TuningOptions | undefined): Tuning {
  return parseOptions(tuningSchema, input);
}
