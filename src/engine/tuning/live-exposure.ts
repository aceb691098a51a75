/**
 * The exposure counts of a reused tuning, measured again on the data as it is now. A fit that
 * reuses tuned settings (the data grew by less than `RETUNE_GROWTH`) would otherwise serve the
 * counts measured when it was tuned: items that became hubs since would go undiscounted, and a
 * host fitting nightly keeps its settings for weeks. The settings stay; only the counts move.
 */
import { fnv1a32 } from '../../core/fnv.js';
import type { TrackedEvent } from '../../core/types.js';
import type { Runtime } from '../runtime.js';
import { userTuning } from '../user-tuning.js';
import { allUsers, gatherBlendData } from './evaluate.js';
import { EXPOSURE_DEPTH, MAX_SERVED, measureExposure, mostExposed } from './exposure.js';
import { validationUsers } from './shadow.js';
import type { TunedSettings } from './stored.js';

/** Users whose lists are counted at most (a seeded sample), and the seconds the count may take. */
const MAX_USERS = 2000;
const MAX_SECONDS = 5;
/** Fewer users than this give no counts worth serving: the tuned ones are kept. */
const MIN_USERS = 30;

/**
 * `tuned` with its exposure counts measured on the live sources (trained on every event): the
 * lists a seeded sample of users get from the blend they are served, with no discount, as deep
 * as the tuner counted (a source that throws is left out, as in a request). Unchanged when it
 * carries no counts, too few users have events, or no list came out.
 */
export async function withLiveExposure(
  rt: Runtime,
  tuned: TunedSettings,
  byUser: ReadonlyMap<string, readonly TrackedEvent[]>,
  seed: number,
): Promise<TunedSettings> {
  if (!tuned.exposure) return tuned;
  const sample = [...byUser.keys()]
    .filter((u) => byUser.get(u)!.length > 0)
    .map((u) => ({ u, r: fnv1a32(u, seed >>> 0) }))
    .sort((a, b) => a.r - b.r || (a.u < b.u ? -1 : 1))
    .slice(0, MAX_USERS)
    .map((x) => x.u);
  if (sample.length < MIN_USERS) return tuned;
  const { recommend } = rt.tuning;
  const limit = Math.max(recommend.minCandidates, Math.ceil(tuned.k * recommend.candidateMultiplier));
  const none = new Set<string>();
  const users = await validationUsers(rt, { heldOut: new Map(sample.map((u) => [u, none])), trainByUser: byUser }, limit, rt.clock());
  const data = await gatherBlendData(rt.sources.sources, users, rt.catalog, {
    deadline: performance.now() + MAX_SECONDS * 1000,
    minUsers: MIN_USERS,
    onFailure: (source, error) => rt.sourceFaults.failed(source, error),
    timeoutMs: rt.tuning.recommend.sourceTimeoutMs,
  });
  const counts = measureExposure({
    data,
    users: allUsers(data),
    weightsFor: (interactionCount) => userTuning(rt, [], interactionCount).blend.weights,
    minInteractions: userTuning(rt, [], 0).coldStart.minInteractions,
    depth: tuned.k * EXPOSURE_DEPTH,
  });
  // No list at all (every source failing): nothing to replace the stored counts with.
  return counts.length === 0 ? tuned : { ...tuned, exposure: mostExposed(counts, MAX_SERVED) };
}
