/**
 * The preference vector: the engagement-weighted, time-decayed mean of the embeddings of what a
 * user watched, scaled to unit length (the original SONA crate's definition). The weight of an
 * item is `engagement × decayRate^(age / decayPeriod)`; dividing by the weight sum is skipped
 * because unit scaling makes it irrelevant, which also removes the original's division by zero
 * when every weight is 0. Age is measured continuously rather than in whole days.
 */
import { DAY_MS } from '../../core/time.js';
import { interactionEngagement, type EngagementParams, type ItemInteraction } from './engagement.js';

/** Parameters of `buildPreferenceVector`. */
export interface PreferenceParams extends EngagementParams {
  decayRate: number;
  decayPeriodDays: number;
}

/** The decay multiplier of an interaction `ageMs` old (1 for future timestamps). */
export function decayWeight(ageMs: number, decayRate: number, decayPeriodDays: number): number {
  if (ageMs <= 0) return 1;
  return Math.pow(decayRate, ageMs / (decayPeriodDays * DAY_MS));
}

/** The weight each interaction gets in the preference vector at time `now`. */
export function interactionWeight(it: ItemInteraction, params: PreferenceParams, now: number): number {
  const engagement = interactionEngagement(it, params);
  if (engagement <= 0) return 0;
  const at = it.lastPositiveTimestamp ?? it.lastTimestamp;
  return engagement * decayWeight(now - at, params.decayRate, params.decayPeriodDays);
}

/**
 * Builds the unit-length preference vector from folded interactions. Items without an
 * embedding are skipped; with no positive evidence the result is all zeros.
 */
export function buildPreferenceVector(
  interactions: Iterable<ItemInteraction>,
  embeddingOf: (itemId: string) => Float32Array | undefined,
  dimension: number,
  params: PreferenceParams,
  now: number,
): Float32Array {
  const acc = new Float64Array(dimension);
  for (const it of interactions) {
    const w = interactionWeight(it, params, now);
    if (w <= 0) continue;
    const e = embeddingOf(it.itemId);
    if (!e || e.length !== dimension) continue;
    for (let j = 0; j < dimension; j++) acc[j]! += w * e[j]!;
  }
  let n = 0;
  for (let j = 0; j < dimension; j++) n += acc[j]! * acc[j]!;
  const out = new Float32Array(dimension);
  if (n > 0 && Number.isFinite(n)) {
    const inv = 1 / Math.sqrt(n);
    for (let j = 0; j < dimension; j++) out[j] = acc[j]! * inv;
  }
  return out;
}
