import type { ActiveVariant, VariantConfig } from '../experiments/types.js';
import type { Tuning } from './config.js';

/** What a request runs with once the user's variants are applied. */
export interface AppliedVariants {
  tuning: Tuning;
  /** The variants' list length, when one sets it and the request did not. */
  count: number | undefined;
  /** The variants' diversity λ, when one sets it. */
  diversity: number | undefined;
}

/** Blend weights after a variant's `weights` override and `sources` restriction. */
export function variantWeights(base: Readonly<Record<string, number>>, config: VariantConfig): Record<string, number> {
  let weights = { ...base, ...(config.weights ?? {}) };
  if (config.sources) {
    const enabled = new Set(config.sources);
    weights = Object.fromEntries(Object.entries(weights).map(([source, w]) => [source, enabled.has(source) ? w : 0]));
  }
  return weights;
}

/**
 * Applies each active variant's config on top of the engine's tuning, in order (experiments
 * meant to touch the same setting should share a namespace so no user is in both).
 */
export function applyVariants(tuning: Tuning, active: readonly ActiveVariant[], requestedCount: number | undefined): AppliedVariants {
  if (active.length === 0) return { tuning, count: requestedCount, diversity: undefined };
  let weights = { ...tuning.blend.weights };
  let count = requestedCount;
  let diversity: number | undefined;
  for (const { config } of active) {
    weights = variantWeights(weights, config);
    if (requestedCount === undefined && config.count !== undefined) count = config.count;
    if (config.diversity !== undefined) diversity = config.diversity;
  }
  return {
    tuning: { ...tuning, blend: { ...tuning.blend, weights } },
    count,
    diversity,
  };
}
