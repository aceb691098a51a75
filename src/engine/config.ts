/**
 * The engine's settings: one zod schema holds every default and every check, and the sources'
 * own slices (ALS under `collaborative`, item-kNN under `itemKnn`, ...) come from their folders.
 * Constants marked "original" come from the SONA crate this package reimplements (see
 * docs/concepts.md); the others were chosen on MovieTweetings, and `fit()` tunes the sources'
 * and the blend's settings on the host's own data (docs/tuning.md).
 */
import { z } from 'zod';
import { ConfigurationError } from '../core/errors.js';
import { BUILTIN_SETTINGS, BUILTIN_WEIGHTS } from '../sources/builtin.js';

const positive = z.number().finite().positive();
const unit = z.number().finite().min(0).max(1);

/** The tunable (non-object) part of the engine options, with every default. */
export const tuningSchema = z
  .object({
    /** Ratings are read on this closed scale. @default { min: 1, max: 5 } */
    ratingScale: z
      .object({ min: z.number().finite(), max: z.number().finite() })
      .refine((s) => s.max > s.min, { message: 'max must be greater than min' })
      .default({ min: 1, max: 5 }),
    profile: z
      .object({
        /** Weight multiplier per decay period (original 0.95). @default 0.95 */
        decayRate: z.number().finite().gt(0).max(1).default(0.95),
        /** Length of one decay period in days (original 30). @default 30 */
        decayPeriodDays: positive.default(30),
        /** Events that watched less than this share are not taste evidence (original 0.3). @default 0.3 */
        minCompletion: unit.default(0.3),
        /** How many of a user's newest events a profile is rebuilt from. @default 500 */
        historyLimit: z.number().int().min(1).max(100_000).default(500),
        /** Weight of the newest event in the genre-affinity moving average (original 0.1). @default 0.1 */
        genreAffinityRate: z.number().finite().gt(0).max(1).default(0.1),
        /** Affinity of a genre before any evidence (original 0.5). @default 0.5 */
        genreAffinityPrior: unit.default(0.5),
      })
      .prefault({}),
    /** Additive engagement weights, clamped to [0, 1] (original 0.4 / 0.3 / +0.2 / -0.5). */
    engagement: z
      .object({
        /** @default 0.4 */
        completion: z.number().finite().default(0.4),
        /** @default 0.3 */
        rating: z.number().finite().default(0.3),
        /** @default 0.2 */
        rewatch: z.number().finite().default(0.2),
        /** @default -0.5 */
        dismiss: z.number().finite().default(-0.5),
      })
      .prefault({}),
    blend: z
      .object({
        /**
         * Weight of each source's normalised score by source name. When given, it replaces every
         * default: sources it leaves out get 0. @default each source's `defaultWeight`
         */
        weights: z
          .record(z.string().min(1), z.number().finite().min(0))
          .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be positive' })
          .default(BUILTIN_WEIGHTS),
        /**
         * How much popularity lowers a blended score: each score is multiplied by
         * `1 − popularityPenalty × level`, where level runs on a log scale from 0 (unwatched) to
         * 1 (the most watched item). It spreads lists over more of the catalogue; `fit()` tunes
         * it on your data unless you set it. @default 0
         */
        popularityPenalty: z.number().min(0).max(0.5).default(0),
        /**
         * How much exposure lowers a blended score: each score is also multiplied by
         * `1 − exposurePenalty × level`, where level runs on a log scale from 0 to 1 (the item the
         * blend lists most). Exposure is what `fit()` measured: how many validation users' deeper
         * lists the most accurate blend put each item in. It takes places from the items the blend
         * serves everyone and gives them to items that suit the user; without a tuned snapshot it
         * does nothing. `fit()` tunes it on your data unless you set it. @default 0
         */
        exposurePenalty: z.number().min(0).max(0.8).default(0),
      })
      .prefault({}),
    ...BUILTIN_SETTINGS,
    snapshots: z
      .object({
        /** Load the newest model snapshot from the ModelRepository at start-up instead of fitting. @default true */
        load: z.boolean().default(true),
        /** Publish a snapshot after every fit. @default true */
        save: z.boolean().default(true),
      })
      .prefault({}),
    recommend: z
      .object({
        /** Results when `count` is not given. @default 10 */
        defaultCount: z.number().int().min(1).default(10),
        /** Largest `count` accepted. @default 1000 */
        maxCount: z.number().int().min(1).max(100_000).default(1000),
        /** Candidates each source proposes before blending, as a multiple of `count`. @default 5 */
        candidateMultiplier: positive.default(5),
        /** Floor on candidates per source (each source's pool; the union is scored by all). @default 50 */
        minCandidates: z.number().int().min(1).default(50),
        /**
         * Users whose candidate lists from the personal sources, with the scores those sources
         * gave the other sources' candidates, are kept between requests, most recently served
         * first (about 15 KB each with the default sources: 75 MB for 5,000 users); 0 keeps none.
         * A kept list is used only while it is exactly what the source would propose now.
         * @default 5000
         */
        candidateLists: z.number().int().min(0).max(10_000_000).default(5000),
        /**
         * How long a request waits for one source (its candidates, its scores of the others'
         * candidates, its explanations). A source that takes longer costs the request its part,
         * as a source that throws does, and the host hears a `TimeoutError`: a host source
         * calling a service that hangs cannot hang `recommend`. @default 2000
         */
        sourceTimeoutMs: z.number().int().min(1).max(3_600_000).default(2000),
      })
      .refine((r) => r.defaultCount <= r.maxCount, { message: 'defaultCount must not exceed maxCount', path: ['defaultCount'] })
      .prefault({}),
    experiments: z
      .object({
        /** How long the list of running experiments is reused before it is read again. @default 5000 */
        refreshMs: z.number().int().min(0).default(5000),
        /** Event types recorded as conversions of the user's running experiments. */
        conversions: z.array(z.string().min(1)).default(['click', 'play', 'complete', 'like', 'rate']),
      })
      .prefault({}),
    coldStart: z
      .object({
        /** Users with fewer events than this lean on trending (original 5). @default 5 */
        minInteractions: z.number().int().min(0).default(5),
        /**
         * Share of each list given to items nobody has interacted with yet (new content), the best
         * of them for the user, so new items get exposure. @default 0.1
         */
        explorationShare: z.number().min(0).max(1).default(0.1),
        /**
         * Hours after its first event during which an item still counts as new for the
         * exploration slots, so it keeps exposure through its first day instead of losing it at
         * its first view. Fresh items are offered to a `freshListShare` of lists, the most
         * relevant to the user first. @default 24
         */
        freshHours: z.number().finite().min(0).default(24),
        /**
         * Share of lists (chosen per user and day, so a user's list is stable within a day)
         * offered a fresh item in their exploration slot: exploration that costs a tenth of the
         * lists one slot, instead of every list (on MovieTweetings, offering them to every list
         * put one in 88% of lists but 0.1% of them were watched). @default 0.1
         */
        freshListShare: z.number().min(0).max(1).default(0.1),
      })
      .prefault({}),
    /** Cached recommendation lists (RecommendationCache port), dropped when the user tracks an event. */
    cache: z
      .object({
        /** @default true */
        enabled: z.boolean().default(true),
        /** Lifetime of a personal list (original 3600 s). @default 3600 */
        ttlSeconds: z.number().int().min(1).default(3600),
        /** Lifetime of a cold-start (trending-led) list (original 1800 s). @default 1800 */
        coldStartTtlSeconds: z.number().int().min(1).default(1800),
      })
      .prefault({}),
    /** Re-ranking for variety (maximal marginal relevance over item embeddings). */
    diversity: z
      .object({
        /**
         * MMR's balance: 1 = relevance only, 0 = variety only. `fit()` tunes it on your data; the
         * default is the knee of the MovieTweetings curve (bench/results/diversity.md; the
         * original SONA used 0.7). @default 0.9
         */
        lambda: z.number().min(0).max(1).default(0.9),
        /**
         * At most this share of a list from one genre, while other items qualify; 1 = no cap.
         * Tuned with `lambda`; the default is the same knee (the original used 0.4). @default 0.6
         */
        maxGenreShare: z.number().gt(0).max(1).default(0.6),
        /** MMR chooses from the best `count × poolMultiplier` items. @default 3 */
        poolMultiplier: z.number().min(1).max(20).default(3),
      })
      .prefault({}),
    /** Which of the user's own items are kept out of their lists. */
    filters: z
      .object({
        /**
         * `'any'`: every item the user viewed, rated or liked; `'completed'`: only items finished
         * (completion ≥ `completedAt`, rated or liked), so half-watched items can come back;
         * `'none'`: nothing (rewatchable catalogues). Dismissed and disliked items are always out.
         * @default 'any'
         */
        watched: z.enum(['any', 'completed', 'none']).default('any'),
        /** Completion from which an item counts as finished. @default 0.9 */
        completedAt: z.number().min(0).max(1).default(0.9),
      })
      .prefault({}),
    /** Per-user LoRA adapters (off by default: see bench/results/lora.md for whether they help). */
    adapters: z
      .object({
        /** Train on cadence in the background of `track`, and apply stored adapters in `recommend`. @default false */
        enabled: z.boolean().default(false),
        /** Rank r of B·A (original 8). @default 8 */
        rank: z.number().int().min(1).max(256).default(8),
        /** alpha; the update is scaled by alpha / r (original 16). @default 16 */
        alpha: z.number().positive().default(16),
        /** Events a user needs before an adapter is trained (original 10). @default 10 */
        minEvents: z.number().int().min(2).default(10),
        /** Retrain after this many new events (original 10). @default 10 */
        retrainEvery: z.number().int().min(1).default(10),
        /** The user's latest events used for training. @default 200 */
        historyLimit: z.number().int().min(2).default(200),
        /** Multiplies similarities before the sigmoid. @default 10 */
        temperature: z.number().positive().default(10),
        /** Adam step size. @default 0.05 */
        learningRate: z.number().positive().max(10).default(0.05),
        /** L2 penalty on A and B. @default 0.0001 */
        l2: z.number().min(0).default(0.0001),
        /** Upper bound on epochs. @default 150 */
        maxEpochs: z.number().int().min(1).max(100_000).default(150),
        /** Stop after this many epochs without a better held-out loss. @default 15 */
        patience: z.number().int().min(1).default(15),
        /** Unseen catalogue items sampled as negatives per positive. @default 2 */
        negativesPerPositive: z.number().min(0).max(100).default(2),
        /** Share of the user's latest interactions held out for early stopping. @default 0.2 */
        validationShare: z.number().min(0).max(0.9).default(0.2),
        /** Score multiplier is 1 + boost × clamp(adapter signal, -1, 1) (original 0.3). @default 0.3 */
        boost: z.number().min(0).max(10).default(0.3),
        /** Seed of A's initialisation and of negative sampling. @default 42 */
        seed: z.number().int().default(42),
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

/** Freezes an object graph so shared defaults cannot be changed by accident. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Every setting at its default: the schema applied to no options. */
export const DEFAULTS: Readonly<Tuning> = deepFreeze(resolveTuning({}));
