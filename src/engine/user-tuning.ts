/**
 * The tuning one user's requests run with, from the engine's: what the tuner chose for the
 * user's segment, the user's experiment variants, and the tuned fade-in and penalties. Requests
 * and the background refresh of kept lists both use it, so they ask the same sources.
 */
import type { ActiveVariant } from '../experiments/types.js';
import type { Tuning } from './config.js';
import type { Runtime } from './runtime.js';
import type { TrackedEvent } from '../core/types.js';
import { isArrival } from './tuning/arrivals.js';
import { weightsOf } from './tuning/blend-settings.js';
import { applyVariants } from './variants.js';

/**
 * The tuning a user's requests run with: the tuned weights of the user's segment (unless the host
 * set weights), the user's running experiments, then the fade-in and penalties the tuner chose.
 * The background refresh of kept lists uses it too, so it asks the sources a request would.
 */
export function userTuning(rt: Runtime, active: readonly ActiveVariant[], interactionCount: number, history?: readonly TrackedEvent[]): Tuning {
  // The host's weights stand: no segment's and no arrival's, nor the arrivals' fade-in.
  const pinned = rt.pinned.has('blend.weights');
  const arrived = pinned ? undefined : arrivalSettings(rt, interactionCount, history);
  const segment = pinned ? undefined : (arrived?.weights ?? segmentWeights(rt, interactionCount));
  const base = segment ? { ...rt.tuning, blend: { ...rt.tuning.blend, weights: segment } } : rt.tuning;
  return withTuned(rt, applyVariants(base, active, undefined).tuning, arrived?.minInteractions);
}

/** The arrivals' weights and fade-in when the user's `history` makes them an arrival. */
function arrivalSettings(rt: Runtime, interactionCount: number, history: readonly TrackedEvent[] | undefined) {
  const arrivals = rt.tuned?.arrivals;
  // The history is scanned only when its length could make an arrival: not on most requests.
  if (!arrivals || !history || interactionCount <= 0 || interactionCount >= arrivals.below) return undefined;
  return isArrival(arrivals, interactionCount, firstEventOf(history, interactionCount)) ? arrivals : undefined;
}

/** The tuned blend weights of the user's segment (new, light, heavy). */
function segmentWeights(rt: Runtime, interactionCount: number): Record<string, number> | undefined {
  const segments = rt.tuned?.segments;
  return segments ? weightsOf(segments)(interactionCount) : undefined;
}

/** When the user's first event happened, from a history that holds it (one shorter than the arrivals' bound holds every event). */
export function firstEventOf(events: readonly TrackedEvent[], interactionCount: number): number | undefined {
  if (events.length === 0 || events.length < interactionCount) return undefined;
  let first = Infinity;
  for (const e of events) if (e.timestamp < first) first = e.timestamp;
  return first;
}

/**
 * The personal sources' fade-in (the arrivals' own, `arrivalFade`, for an arrival) and the
 * popularity and exposure penalties as the tuner chose them, unless the host set them.
 */
function withTuned(rt: Runtime, tuning: Tuning, arrivalFade?: number): Tuning {
  const fade = arrivalFade ?? rt.tuned?.minInteractions;
  const penalty = rt.tuned?.popularityPenalty;
  const exposure = rt.tuned?.exposurePenalty;
  let out = tuning;
  if (fade !== undefined && !rt.pinned.has('coldStart.minInteractions')) out = { ...out, coldStart: { ...out.coldStart, minInteractions: fade } };
  if (penalty !== undefined && !rt.pinned.has('blend.popularityPenalty')) out = { ...out, blend: { ...out.blend, popularityPenalty: penalty } };
  if (exposure !== undefined && !rt.pinned.has('blend.exposurePenalty')) out = { ...out, blend: { ...out.blend, exposurePenalty: exposure } };
  return out;
}
