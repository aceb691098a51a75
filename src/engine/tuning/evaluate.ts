/**
 * Scoring on the validation users: one source alone (its own top k), or the blend of all,
 * computed once per user as every source's normalised score over the union of candidates, so
 * that trying a set of weights costs a weighted sum, not a run of the sources.
 */
import { listMetric, type ListMetric } from '../../algorithms/ranking/list-metrics.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { Source, SourceRole } from '../../sources/source.js';
import { effectiveWeights, normalizeMinMax } from '../pipeline/blend.js';
import { gatherCandidates } from '../pipeline/gather.js';
import type { SourceFailure } from '../pipeline/source-guard.js';
import { applicableSources } from '../pipeline/request.js';
import type { ValidationUser } from './shadow.js';

/** How a list is judged. */
export interface Judge {
  metric: ListMetric;
  k: number;
}

/** The mean metric of one source's own top-k lists over the users it applies to (0 for none). */
export async function sourceScore(source: Source, users: readonly ValidationUser[], judge: Judge): Promise<number> {
  let sum = 0;
  for (const u of users) {
    if (source.appliesTo?.(u.request) === false) continue;
    const list = await source.candidates({ ...u.request, limit: judge.k });
    sum += listMetric(
      judge.metric,
      list.map((c) => c.itemId),
      u.relevant,
      judge.k,
    );
  }
  return users.length > 0 ? sum / users.length : 0;
}

/** One user's candidates as the blend sees them. */
interface UserBlend {
  /** Candidate ids, sorted (the blend breaks ties by id, so position order is tie order). */
  items: string[];
  /** Row-major sources × items: each source's normalised score (0 where it did not score the item). */
  scores: Float32Array;
  /** Each candidate's popularity level (0 to 1), for the popularity penalty. */
  levels: Float32Array;
  /** Each candidate's exposure level (0 to 1), for the exposure penalty: 0 until `setExposure`. */
  exposure: Float32Array;
  /** The user's held-out items. */
  relevant: ReadonlySet<string>;
  /** The sources that apply to this user. */
  applies: Array<{ name: string; role: SourceRole }>;
  interactionCount: number;
  /** A newcomer probe: only the fade-in and the new users' weights are chosen on it. */
  newcomer: boolean;
}

/**
 * How a blended score is discounted, as the pipeline does: multiplied by
 * `1 − popularity × popularity level` and by `1 − exposure × exposure level`.
 */
export interface Discount {
  popularity: number;
  exposure: number;
}

/** No discount. */
export const NO_DISCOUNT: Discount = { popularity: 0, exposure: 0 };

/** The validation users' blend inputs, gathered once. */
export interface BlendData {
  sources: ReadonlyArray<{ name: string; role: SourceRole }>;
  users: UserBlend[];
}

/** The validation users as they are (not the newcomer probes): accuracy, reach and variety are judged on them. */
export function allUsers(data: BlendData): number[] {
  return data.users.flatMap((u, i) => (u.newcomer ? [] : [i]));
}

/** Every validation user and every newcomer probe: the fade-in and the new users' weights are chosen on them. */
export function withNewcomers(data: BlendData): number[] {
  return data.users.map((_, i) => i);
}

/** How long `gatherBlendData` gathers, and what it hands the sources. */
export interface Gathering {
  /** Stop once this `performance.now()` time has passed, with at least `minUsers` users gathered. */
  deadline?: number;
  minUsers?: number;
  /** An item's popularity level, for the popularity penalty. */
  levelOf?: (itemId: string) => number;
  /**
   * Hears of a source that throws (in `appliesTo`, proposing or scoring). That source's part is
   * then missing for the user, as in a request; without a listener the throw ends the gathering.
   */
  onFailure?: SourceFailure;
  /**
   * How long one source's call may take (with `onFailure`): a source that does not answer is
   * judged as a request serves it, without its part (`recommend.sourceTimeoutMs`).
   */
  timeoutMs?: number;
}

/** Without a listener, a source's throw ends the gathering. */
const rethrow: SourceFailure = (_source, error) => {
  throw error;
};

/**
 * Runs every source for the validation users as the pipeline does (propose, then score the
 * union), until the deadline: the users gathered by then are the ones the weights are chosen on.
 */
export async function gatherBlendData(
  sources: readonly Source[],
  users: readonly ValidationUser[],
  catalog: CatalogIndex,
  { deadline = Infinity, minUsers = 0, levelOf = () => 0, onFailure, timeoutMs }: Gathering = {},
): Promise<BlendData> {
  const out: UserBlend[] = [];
  for (const u of users) {
    if (out.length >= minUsers && performance.now() > deadline) break;
    const applicable = new Set(applicableSources(sources, u.request, onFailure ?? rethrow));
    const applies = sources.map((s) => applicable.has(s));
    const weights = new Map(sources.map((s, i) => [s.name, applies[i] ? 1 : 0]));
    const results = await gatherCandidates(sources, weights, u.request, catalog, [], undefined, onFailure && { onFailure, timeoutMs });
    const ids = new Set<string>();
    for (const r of results) for (const c of r.candidates) if (!u.request.excluded.has(c.itemId)) ids.add(c.itemId);
    const items = [...ids].sort();
    const index = new Map(items.map((id, i) => [id, i]));
    const scores = new Float32Array(sources.length * items.length);
    results.forEach((r, si) => {
      const normalized = normalizeMinMax(r.candidates);
      r.candidates.forEach((c, i) => {
        const at = index.get(c.itemId);
        // A source proposing an item twice counts once, at its better score (as the blend does).
        if (at !== undefined && normalized[i]! > scores[si * items.length + at]!) scores[si * items.length + at] = normalized[i]!;
      });
    });
    out.push({
      items,
      scores,
      levels: Float32Array.from(items, levelOf),
      exposure: new Float32Array(items.length),
      relevant: u.relevant,
      applies: sources.filter((_, i) => applies[i]).map((s) => ({ name: s.name, role: s.role })),
      interactionCount: u.interactionCount,
      newcomer: u.newcomer === true,
    });
  }
  return { sources: sources.map((s) => ({ name: s.name, role: s.role })), users: out };
}

/** The user's blended score of every candidate under `weights`, faded by role as the pipeline does. */
function blendTotals(data: BlendData, ui: number, weights: Readonly<Record<string, number>>, minInteractions: number): Float64Array {
  const u = data.users[ui]!;
  const size = u.items.length;
  const w = effectiveWeights(weights, u.applies, u.interactionCount, minInteractions);
  const total = new Float64Array(size);
  data.sources.forEach((s, si) => {
    const weight = w.get(s.name) ?? 0;
    if (!(weight > 0)) return;
    const base = si * size;
    for (let i = 0; i < size; i++) total[i]! += weight * u.scores[base + i]!;
  });
  return total;
}

/** `total` discounted as the pipeline discounts (into `out`, which may be `total`). */
function discounted(u: UserBlend, total: Float64Array, { popularity, exposure }: Discount, out: Float64Array): Float64Array {
  for (let i = 0; i < total.length; i++) out[i] = total[i]! * (1 - popularity * u.levels[i]!) * (1 - exposure * u.exposure[i]!);
  return out;
}

/** The `n` best positions of `total`, best first; items are in id order, so a strict comparison keeps ties by id. */
function best(total: Float64Array, n: number): Array<{ at: number; score: number }> {
  const top: Array<{ at: number; score: number }> = [];
  for (let i = 0; i < total.length; i++) {
    const s = total[i]!;
    if (top.length === n && !(s > top[n - 1]!.score)) continue;
    let at = top.length < n ? top.length : n - 1;
    if (top.length < n) top.push({ at: i, score: s });
    while (at > 0 && s > top[at - 1]!.score) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = { at: i, score: s };
  }
  return top;
}

/**
 * The user's best `n` candidates (positions into `items`, best first) under `weights` faded by
 * role and discounted by popularity and exposure as the pipeline does; ties go to the smaller id.
 */
export function rankUser(
  data: BlendData,
  ui: number,
  weights: Readonly<Record<string, number>>,
  minInteractions: number,
  n: number,
  discount: Discount = NO_DISCOUNT,
): Array<{ at: number; score: number }> {
  const total = blendTotals(data, ui, weights, minInteractions);
  return best(discount === NO_DISCOUNT ? total : discounted(data.users[ui]!, total, discount, total), n);
}

/** How the blend is set for one evaluation: weights by history length, fade-in, discount. */
type BlendSetting = [weightsFor: (interactionCount: number) => Readonly<Record<string, number>>, minInteractions: number, k: number, discount: Discount];

/** Ranks each of `users` once under the blend and hands their top k (positions into `items`) to `visit`. */
function eachList(
  data: BlendData,
  users: readonly number[],
  [weightsFor, minInteractions, k, discount]: BlendSetting,
  visit: (u: UserBlend, top: Array<{ at: number }>) => void,
): void {
  for (const ui of users) {
    const u = data.users[ui]!;
    visit(u, rankUser(data, ui, weightsFor(u.interactionCount), minInteractions, k, discount));
  }
}

/**
 * The mean metric of the blend with `weightsFor(user)` (the configured weights of the user's
 * segment), faded by role and discounted by popularity exactly as the pipeline does; each
 * user's top-k list is also handed to `onList`.
 */
export function blendScore(
  data: BlendData,
  users: readonly number[],
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>,
  minInteractions: number,
  judge: Judge,
  discount: Discount = NO_DISCOUNT,
  onList?: (list: string[]) => void,
): number {
  let sum = 0;
  eachList(data, users, [weightsFor, minInteractions, judge.k, discount], (u, top) => {
    const list = top.map((t) => u.items[t.at]!);
    sum += listMetric(judge.metric, list, u.relevant, judge.k);
    onList?.(list);
  });
  return users.length > 0 ? sum / users.length : 0;
}

/**
 * For each of `discounts`, `blendScore` and `reach`: how many distinct items the top-k lists hold
 * (the catalogue coverage of the blend, counted rather than divided: only comparisons between
 * blends use it). Each user's blend is summed once for every discount.
 */
export function blendOutcomes(
  data: BlendData,
  users: readonly number[],
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>,
  minInteractions: number,
  judge: Judge,
  discounts: readonly Discount[],
): Array<{ score: number; reach: number }> {
  const sums = new Float64Array(discounts.length);
  const seen = discounts.map(() => new Set<string>());
  for (const ui of users) {
    const u = data.users[ui]!;
    const total = blendTotals(data, ui, weightsFor(u.interactionCount), minInteractions);
    const scratch = new Float64Array(total.length);
    discounts.forEach((d, di) => {
      const list = best(discounted(u, total, d, scratch), judge.k).map((t) => u.items[t.at]!);
      sums[di] = sums[di]! + listMetric(judge.metric, list, u.relevant, judge.k);
      for (const id of list) seen[di]!.add(id);
    });
  }
  return discounts.map((_, di) => ({ score: users.length > 0 ? sums[di]! / users.length : 0, reach: seen[di]!.size }));
}

/** `blendOutcomes` for one discount. */
export function blendOutcome(
  data: BlendData,
  users: readonly number[],
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>,
  minInteractions: number,
  judge: Judge,
  discount: Discount = NO_DISCOUNT,
): { score: number; reach: number } {
  return blendOutcomes(data, users, weightsFor, minInteractions, judge, [discount])[0]!;
}
