/**
 * Cross-fitted validation. One split's models learn from what is left once every validation
 * user's held-out items are gone, and judged on them they overstate what reach costs: less data
 * makes the blend lean on what is popular (docs/tuning.md, "The shadow models know less"). So
 * the validation users are dealt into two folds. Each fold's shadow gets the other fold's
 * held-out items back and is judged on its own fold's users only: the models learn from half the
 * held-out items more, and no user is judged by a model that saw their held-out items. The
 * source searches run on the first fold; the second fold's shadow is trained once, at the
 * settings they chose, and the blend is gathered over both.
 */
import { untilAborted } from '../../core/errors.js';
import type { ContentItem, TrackedEvent } from '../../core/types.js';
import { trainingData } from '../../sources/registry.js';
import type { Runtime } from '../runtime.js';
import { gatherBlendData, type BlendData } from './evaluate.js';
import { crossFold, type Holdout } from './holdout.js';
import type { Settings } from './search.js';
import { buildShadow, newcomerProbes, trainableShadows, validationUsers, type Shadow, type ValidationUser } from './shadow.js';

/** One fold: its side of the split, the shadow trained on that side, and its validation users' requests. */
export interface Fold {
  split: Holdout;
  shadow: Shadow;
  users: readonly ValidationUser[];
}

/**
 * The splits to validate on: two cross-fitted folds, or the one split when a fold would keep
 * fewer than `minUsers` validation users (small data: every judged user counts more than the
 * models' extra data).
 */
export function foldSplits(holdout: Holdout, byUser: ReadonlyMap<string, readonly TrackedEvent[]>, seed: number, minUsers: number): Holdout[] {
  const folds = [crossFold(holdout, byUser, 0, seed), crossFold(holdout, byUser, 1, seed)];
  return folds.every((f) => f.heldOut.size >= minUsers) ? folds : [holdout];
}

/**
 * A fold's shadow after the searches: fresh sources over its training side, each trainable one
 * trained at the settings the searches chose (one without, which failed every trial, is left
 * untrained, as in the first fold). A source that throws misses its part, and `onFailure` hears.
 */
async function trainFold(
  rt: Runtime,
  items: readonly ContentItem[],
  split: Holdout,
  chosen: FoldTraining['chosen'],
  onFailure: (source: string, error: unknown) => void,
  signal?: AbortSignal,
): Promise<Shadow> {
  const shadow = await buildShadow(rt, items, split.trainByUser, chosen.halfLifeDays, onFailure);
  const data = trainingData(split.trainPositives);
  for (const source of trainableShadows(shadow)) {
    const settings = chosen.sources[source.name];
    if (!settings) continue;
    try {
      await untilAborted(source.fit!(data, signal ? { signal } : {}, settings), signal, 'fit');
    } catch (error) {
      if (signal?.aborted) throw error;
      onFailure(source.name, error);
    }
  }
  return shadow;
}

/** When the folds after the first are trained, and with what. */
export interface FoldTraining {
  chosen: { halfLifeDays: number; sources: Readonly<Record<string, Settings>> };
  /** Seconds a fold's training is expected to take (each source's latest trial). */
  expectedSeconds: number;
  /** No fold's training starts that would be expected to end past this `performance.now()` time. */
  until: number;
  limit: number;
  now: number;
  onFailure: (source: string, error: unknown) => void;
  signal?: AbortSignal;
  /** The tuning's own signal: once it fired, no further fold is trained. */
  stop?: AbortSignal;
}

/**
 * The first fold, then every further split's fold while there is time to train it: a budget the
 * source searches' first trials overran, or a tuning told to stop, leaves the blend to the first
 * fold's users alone (half of them, on the shadow the searches trained).
 */
export async function trainFolds(rt: Runtime, items: readonly ContentItem[], first: Fold, splits: readonly Holdout[], t: FoldTraining): Promise<Fold[]> {
  const folds = [first];
  for (const split of splits) {
    if (t.stop?.aborted || performance.now() + t.expectedSeconds * 1000 > t.until) break;
    const shadow = await trainFold(rt, items, split, t.chosen, t.onFailure, t.signal);
    folds.push({ split, shadow, users: await validationUsers(rt, split, t.limit, t.now) });
  }
  return folds;
}

/** An item's popularity level on a shadow's counter, for the popularity penalty. */
export function popularityLevel(shadow: Shadow): (itemId: string) => number {
  return (id) => shadow.context.popularity.level(shadow.context.catalog.ids.indexOf(id) ?? -1);
}

/** How long and how many the folds gather. */
export interface FoldGathering {
  limit: number;
  now: number;
  /** The gathering's `performance.now()` window, shared out equally between the folds. */
  start: number;
  end: number;
  /** Of each fold's time, the newcomer probes' share. */
  probeShare: number;
  /** Validation users and newcomer probes at most, at least (over all folds). */
  users: { max: number; min: number };
  probes: { max: number; min: number };
  onFailure: (source: string, error: unknown) => void;
}

/**
 * Each fold's validation users and newcomer probes, gathered on the fold's own shadow in its
 * share of the time, in one set (the users first, then the probes). Returns it with the number
 * of probes.
 */
export async function gatherFolds(rt: Runtime, folds: readonly Fold[], g: FoldGathering): Promise<{ data: BlendData; newcomers: number }> {
  const span = (g.end - g.start) / folds.length;
  const users: BlendData['users'] = [];
  const probes: BlendData['users'] = [];
  let sources: BlendData['sources'] = [];
  const perFold = (n: number) => Math.ceil(n / folds.length);
  for (const [f, { split, shadow, users: judged }] of folds.entries()) {
    const start = g.start + span * f;
    const gathering = { levelOf: popularityLevel(shadow), onFailure: g.onFailure, timeoutMs: rt.tuning.recommend.sourceTimeoutMs };
    const probed = await gatherBlendData(
      shadow.registry.sources,
      await newcomerProbes(rt, split, g.limit, g.now, perFold(g.probes.max)),
      shadow.context.catalog,
      {
        ...gathering,
        deadline: start + span * g.probeShare,
        minUsers: perFold(g.probes.min),
      },
    );
    const gathered = await gatherBlendData(shadow.registry.sources, judged.slice(0, perFold(g.users.max)), shadow.context.catalog, {
      ...gathering,
      deadline: start + span,
      minUsers: perFold(g.users.min),
    });
    sources = gathered.sources;
    users.push(...gathered.users);
    probes.push(...probed.users);
  }
  return { data: { sources, users: [...users, ...probes] }, newcomers: probes.length };
}
