import type { TuningOptions } from '../engine/config.js';
import { variantWeights } from '../engine/variants.js';
import { studentTQuantile } from '../experiments/statistics/distributions.js';
import type { Interval } from '../experiments/statistics/tests.js';
import type { VariantConfig } from '../experiments/types.js';
import { rankingMetrics } from './metrics.js';

/** Something that recommends; in practice one `SonaEngine` per variant. */
export interface Recommender {
  recommend(userId: string, options: { count: number }): Promise<Array<{ itemId: string }>>;
}

/** Options of {@link replayVariants}. */
export interface ReplayOptions {
  /** Variants to compare; the first is the control. */
  variants: Array<{ name: string; config: VariantConfig }>;
  /**
   * Builds a recommender for a variant, e.g. an engine over the training stores with
   * `variantTuning(config, DEFAULTS.blend.weights)` as its tuning.
   */
  recommender: (config: VariantConfig) => Promise<Recommender>;
  /** Each user's held-out items. */
  heldOut: ReadonlyMap<string, ReadonlySet<string>>;
  /** List length and nDCG cut-off (default 10). */
  k?: number;
  /** Confidence of the interval (default 0.95). */
  confidence?: number;
}

/** One variant's offline result. */
export interface ReplayVariant {
  name: string;
  ndcg: number;
  /** Mean per-user difference to the control, with a paired t interval (absent for the control). */
  vsControl?: { difference: number; interval: Interval; betterUsers: number; worseUsers: number };
}

/** The engine tuning a variant config stands for, on top of `base` blend weights. */
export function variantTuning(config: VariantConfig, base: Readonly<Record<string, number>>): TuningOptions {
  return { blend: { weights: variantWeights(base, config) }, ...(config.diversity !== undefined ? { diversity: { lambda: config.diversity } } : {}) };
}

/**
 * Offline replay: every variant recommends for the same users, scored on the same held-out
 * items (nDCG@k per user), and each treatment is compared with the control by the mean paired
 * difference and its Student-t interval, so a team sees the likely winner before exposing users.
 */
export async function replayVariants(options: ReplayOptions): Promise<ReplayVariant[]> {
  const k = options.k ?? 10;
  const users = [...options.heldOut.keys()].sort();
  const perVariant: number[][] = [];
  for (const v of options.variants) {
    const recommender = await options.recommender(v.config);
    const scores: number[] = [];
    for (const userId of users) {
      const list = (await recommender.recommend(userId, { count: v.config.count ?? k })).map((r) => r.itemId);
      scores.push(rankingMetrics(new Map([[userId, options.heldOut.get(userId)!]]), new Map([[userId, list]]), k, 1).ndcg);
    }
    perVariant.push(scores);
  }
  const control = perVariant[0] ?? [];
  const q = 1 - (1 - (options.confidence ?? 0.95)) / 2;
  return options.variants.map((v, i) => {
    const scores = perVariant[i]!;
    const result: ReplayVariant = { name: v.name, ndcg: mean(scores) };
    if (i > 0 && scores.length > 1) {
      const diffs = scores.map((s, u) => s - control[u]!);
      const m = mean(diffs);
      const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - m) ** 2, 0) / (diffs.length - 1));
      const half = studentTQuantile(q, diffs.length - 1) * (sd / Math.sqrt(diffs.length));
      result.vsControl = {
        difference: m,
        interval: { low: m - half, high: m + half },
        betterUsers: diffs.filter((d) => d > 0).length,
        worseUsers: diffs.filter((d) => d < 0).length,
      };
    }
    return result;
  });
}

function mean(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}
