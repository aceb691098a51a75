/**
 * How far the lists reach and how varied each is, on the chosen blend weights: the popularity
 * and exposure penalties (the reach of all lists together), then MMR's λ and the genre cap
 * (each list's variety), each within `tune.varietyCost` of the most accurate setting. Reach goes
 * first and may take the whole cost: it takes places from the items every list holds, where MMR
 * varies each list toward the same few alternatives (docs/tuning.md); the lists' own variety
 * takes what is left. Settings the host pinned are kept.
 */
import type { Runtime } from '../runtime.js';
import { tuneDiversity, type TriedBlend } from './diversity.js';
import { allUsers, blendOutcomes, type BlendData, type Discount, type Judge } from './evaluate.js';
import { crossFitExposure, EXPOSURE_DEPTH } from './exposure.js';
import { bestAbove, valuesToTry, type Trial } from './search.js';
import type { Shadow } from './shadow.js';
import type { TunedSettings } from './stored.js';
import { weightsOf, type TunedSegments } from './blend-settings.js';
import type { Weights } from './weights.js';

/** Popularity penalties tried (a blended score is multiplied by 1 − penalty × popularity level). */
export const POPULARITY_PENALTIES = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
/**
 * Exposure penalties tried (a blended score is multiplied by 1 − penalty × exposure level), in
 * steps of 0.05: accuracy falls steeply past the knee (on MovieTweetings, from −1% to −4% within 0.1).
 */
export const EXPOSURE_PENALTIES = Array.from({ length: 17 }, (_, i) => i / 20);

/** A blend as served (weights by history length, discount) with its validation score. */
export interface ScoredBlend extends TriedBlend {
  score: number;
  /** Share of the catalogue the validation users' top-k lists reach. */
  coverage: number;
}

/**
 * The popularity and exposure penalties. First the blend's exposure is measured (the most
 * accurate weights, `EXPOSURE_DEPTH` × k deep); then every exposure penalty is tried with the
 * first popularity penalty (the configured one), and every popularity penalty with the two
 * exposure penalties that matter: the most accurate one and the one reaching furthest within
 * `cost`. Each with the most accurate weights and with the weights chosen for their reach. Of
 * all, the most accurate pair with the most accurate weights sets the bar, and the blend whose
 * lists reach the most distinct items within `cost` of it is served. `penalties`: the values to
 * try of each, the configured one first (one when the host pinned it). `catalogSize` turns the
 * reach into a share.
 */
export function tuneDiscount(
  data: BlendData,
  weights: { accurate: (interactionCount: number) => Weights; covering: (interactionCount: number) => Weights },
  penalties: { popularity: readonly number[]; exposure: readonly number[] },
  minInteractions: number,
  judge: Judge,
  cost: number,
  catalogSize: number,
): { accurate: ScoredBlend; chosen: ScoredBlend; exposure: Array<[string, number]>; trials: Trial[] } {
  const users = allUsers(data);
  const exposure = crossFitExposure({ data, users, weightsFor: weights.accurate, minInteractions, depth: judge.k * EXPOSURE_DEPTH });
  const trials: Trial[] = [];
  const tried: ScoredBlend[] = [];
  const bases = weights.covering === weights.accurate ? [weights.accurate] : [weights.accurate, weights.covering];
  const tryAll = (discounts: readonly Discount[]) => {
    if (discounts.length === 0) return;
    for (const [b, weightsFor] of bases.entries()) {
      const started = performance.now();
      const outcomes = blendOutcomes(data, users, weightsFor, minInteractions, judge, discounts);
      const seconds = (performance.now() - started) / 1000 / discounts.length;
      outcomes.forEach(({ score, reach }, i) => {
        const discount = discounts[i]!;
        tried.push({ weightsFor, discount, score, coverage: reach / Math.max(1, catalogSize) });
        trials.push({ settings: { popularityPenalty: discount.popularity, exposurePenalty: discount.exposure, coveringWeights: b }, score, seconds });
      });
    }
  };
  // Ties go to the earliest: the most accurate weights, the configured (or smallest) penalties.
  const pick = () => {
    const accurate = tried.filter((t) => t.weightsFor === weights.accurate).reduce((a, b) => (b.score > a.score ? b : a));
    return { accurate, chosen: bestAbove([accurate, ...tried], accurate.score * (1 - cost), (t) => t.coverage)! };
  };
  const [configured, ...others] = penalties.popularity as [number, ...number[]];
  tryAll(penalties.exposure.map((e) => ({ popularity: configured, exposure: e })));
  const first = pick();
  const exposures = [...new Set([first.accurate.discount.exposure, first.chosen.discount.exposure])];
  tryAll(exposures.flatMap((e) => others.map((popularity) => ({ popularity, exposure: e }))));
  return { ...pick(), exposure, trials };
}

/** The blend the reach and variety steps start from: the accurate weights, and the segments when weights were tuned. */
export interface ChosenWeights {
  accurate: (interactionCount: number) => Weights;
  segments: TunedSegments | undefined;
}

/**
 * The penalties, then the diversity pair, on `data`: writes what it chose into `chosen` and its
 * trials into `trials`, and returns the most accurate blend and the one served (for the report).
 * `cost`: the variety cost (the penalties may take all of it, the diversity pair what is left);
 * `deadline`: the diversity search's (`performance.now()`).
 */
export async function tuneReachAndVariety(
  rt: Runtime,
  shadow: Shadow,
  data: BlendData,
  weights: ChosenWeights,
  minInteractions: number,
  judge: Judge,
  budget: { cost: number; deadline: number },
  chosen: TunedSettings,
  trials: Array<Trial & { source: string }>,
): Promise<{ accurate: ScoredBlend; served: ScoredBlend }> {
  const { segments } = weights;
  const penaltyPinned = rt.pinned.has('blend.popularityPenalty');
  const exposurePinned = rt.pinned.has('blend.exposurePenalty');
  const penalty = tuneDiscount(
    data,
    { accurate: weights.accurate, covering: segments && segments.chosen !== segments.accurate ? weightsOf(segments.chosen) : weights.accurate },
    {
      popularity: valuesToTry(rt.tuning.blend.popularityPenalty, penaltyPinned, POPULARITY_PENALTIES),
      exposure: valuesToTry(rt.tuning.blend.exposurePenalty, exposurePinned, EXPOSURE_PENALTIES),
    },
    minInteractions,
    judge,
    budget.cost,
    shadow.context.catalog.size,
  );
  for (const t of penalty.trials) trials.push({ source: 'reach', ...t });
  let served = penalty.chosen;
  const lambdaPinned = rt.pinned.has('diversity.lambda');
  const sharePinned = rt.pinned.has('diversity.maxGenreShare');
  if (!lambdaPinned || !sharePinned) {
    const { lambda, maxGenreShare, poolMultiplier } = rt.tuning.diversity;
    const tuned = await tuneDiversity(data, { accurate: penalty.accurate, chosen: penalty.chosen }, minInteractions, judge, {
      poolMultiplier,
      ...(lambdaPinned ? { lambdas: [lambda] } : {}),
      ...(sharePinned ? { shares: [maxGenreShare] } : {}),
      catalog: shadow.context.catalog,
      deadline: budget.deadline,
      configured: { lambda, maxGenreShare },
      cost: budget.cost,
      similarity: {
        sources: shadow.registry.sources,
        catalog: shadow.context.catalog,
        vectors: rt.stores.vectors,
        semanticEmbeddings: rt.embedder.semantic === true,
      },
    });
    if (!lambdaPinned) chosen.lambda = tuned.lambda;
    if (!sharePinned) chosen.maxGenreShare = tuned.maxGenreShare;
    // A pinned pair on the chosen blend cost more than allowed: the most accurate blend it is.
    if (tuned.blend === 'accurate') served = penalty.accurate;
    for (const t of tuned.trials) trials.push({ source: 'diversity', ...t });
  }
  if (segments) chosen.segments = served.weightsFor === weights.accurate ? segments.accurate : segments.chosen;
  if (!penaltyPinned) chosen.popularityPenalty = served.discount.popularity;
  if (!exposurePinned) chosen.exposurePenalty = served.discount.exposure;
  // The exposure counts serve a tuned or a host's exposure penalty; no penalty, no counts to carry.
  if (served.discount.exposure > 0 || (exposurePinned && rt.tuning.blend.exposurePenalty > 0)) chosen.exposure = penalty.exposure;
  return { accurate: penalty.accurate, served };
}
