/**
 * The tuning one user's requests run with, from the engine's: what the tuner chose for the
 * user's segment, the user's experiment variants, and the tuned fade-in and penalties. Requests
 * and the background refresh of kept lists both use it, so they ask the same sources.
 */
import type { ActiveVariant } from '../experiments/types.js';
import type { Tuning } from './config.js';
import type { Runtime } from './runtime.js';
import { weightsOf } from './tuning/blend-settings.js';
import { applyVariants } from './variants.js';

/**
 * The tuning a user's requests run with: the tuned weights of the user's segment (unless the host
 * set weights), the user's running experiments, then the fade-in and penalties the tuner chose.
 * The background refresh of kept lists uses it too, so it asks the sources a request would.
 */
export function userTuning(rt: Runtime, active: readonly ActiveVariant[], interactionCount: number): Tuning {
  const segment = segmentWeights(rt, interactionCount);
  const base = segment ? { ...rt.tuning, blend: { ...rt.tuning.blend, weights: segment } } : rt.tuning;
  return withTuned(rt, applyVariants(base, active, undefined).tuning);
}

/** The tuned blend weights of the user's segment (new, light, heavy), unless the host set weights. */
function segmentWeights(rt: Runtime, interactionCount: number): Record<string, number> | undefined {
  const segments = rt.tuned?.segments;
  if (!segments || rt.pinned.has('blend.weights')) return undefined;
  return weightsOf(segments)(interactionCount);
}

/** The personal sources' fade-in and the popularity and exposure penalties as the tuner chose them, unless the host set them. */
function withTuned(rt: Runtime, tuning: Tuning): Tuning {
  const fade = rt.tuned?.minInteractions;
  const penalty = rt.tuned?.popularityPenalty;
  const exposure = rt.tuned?.exposurePenalty;
  let out = tuning;
  if (fade !== undefined && !rt.pinned.has('coldStart.minInteractions')) out = { ...out, coldStart: { ...out.coldStart, minInteractions: fade } };
  if (penalty !== undefined && !rt.pinned.has('blend.popularityPenalty')) out = { ...out, blend: { ...out.blend, popularityPenalty: penalty } };
  if (exposure !== undefined && !rt.pinned.has('blend.exposurePenalty')) out = { ...out, blend: { ...out.blend, exposurePenalty: exposure } };
  return out;
}
