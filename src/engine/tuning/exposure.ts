/**
 * Exposure: how many validation users' deeper lists the most accurate blend puts each item in.
 * A blend leans on a few items for everyone (hubs), and the popularity of an item in the data is
 * only a proxy for that; the exposure penalty discounts the items the blend itself over-serves,
 * so a list's last places go to items that suit this user rather than to the hub every list
 * holds. Measured without the users' held-out items, so any user's lists could be counted; the
 * validation users' are the ones at hand.
 */
import { logLevel } from '../../algorithms/popularity/level.js';
import { rankUser, type BlendData } from './evaluate.js';

/** Lists are counted this many times deeper than the judged top k: a hub sits high in most of them. */
export const EXPOSURE_DEPTH = 10;

/** Whose lists are counted, under which blend, and how deep. */
export interface ExposureLists {
  data: BlendData;
  /** Positions into `data.users`. */
  users: readonly number[];
  /** The blend's weights by history length (the most accurate ones), with no discount. */
  weightsFor: (interactionCount: number) => Readonly<Record<string, number>>;
  minInteractions: number;
  depth: number;
}

/** Items and the number of the users' top `depth` lists holding them; sorted by id. */
export function measureExposure({ data, users, weightsFor, minInteractions, depth }: ExposureLists): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const ui of users) {
    const u = data.users[ui]!;
    for (const { at } of rankUser(data, ui, weightsFor(u.interactionCount), minInteractions, depth)) {
      const id = u.items[at]!;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return [...counts].sort(byId);
}

/** An item's exposure level (0 to 1, log scale, 1 for the most exposed) from `measureExposure`'s counts. */
export function exposureLevels(counts: ReadonlyArray<readonly [string, number]>): (itemId: string) => number {
  const max = counts.reduce((m, [, c]) => Math.max(m, c), 0);
  // Levels computed once: served, this is read for every blended candidate of every request.
  const levels = new Map(counts.map(([id, c]) => [id, logLevel(c, max)]));
  return (itemId) => levels.get(itemId) ?? 0;
}

/**
 * Measures the exposure of `users`' lists and gives every user in `data` exposure levels from
 * it, cross-fitted: the users are split in FOLDS folds, and each fold is given the levels the
 * other folds measured (other users, the newcomer probes, the whole count). A user's own list
 * then does not set the penalty the user is judged under, as it will not for the users served
 * later: levels measured on the judged users' own lists overstate what the penalty costs.
 * Returns the whole count (sorted by id), which is what is served.
 */
export function crossFitExposure(lists: ExposureLists): Array<[string, number]> {
  const { data, users } = lists;
  const folds = Array.from({ length: FOLDS }, (_, f) => users.filter((_, i) => i % FOLDS === f));
  const counted = folds.map((fold) => measureExposure({ ...lists, users: fold }));
  const whole = sumCounts(counted);
  const levelOf = counted.map((_, f) => exposureLevels(sumCounts(counted.filter((_, g) => g !== f))));
  const foldOf = new Map<number, number>();
  folds.forEach((fold, f) => fold.forEach((ui) => foldOf.set(ui, f)));
  const everyone = exposureLevels(whole);
  data.users.forEach((u, ui) => {
    const f = foldOf.get(ui);
    u.exposure = Float32Array.from(u.items, f === undefined ? everyone : levelOf[f]!);
  });
  return mostExposed(whole, MAX_SERVED);
}

/**
 * Items whose counts the snapshot carries at most: the most exposed ones. On a large catalogue
 * the validation lists touch far more items, each listed once or twice (a level near 0.06), and
 * every instance parses the counts on load.
 */
export const MAX_SERVED = 20_000;

/** The `max` largest counts (ties to the smaller id), sorted by id. */
export function mostExposed(counts: ReadonlyArray<readonly [string, number]>, max: number): Array<[string, number]> {
  if (counts.length <= max) return counts.map(([id, c]) => [id, c]);
  const kept = [...counts].sort((a, b) => b[1] - a[1] || byId(a, b)).slice(0, max);
  return kept.sort(byId).map(([id, c]) => [id, c]);
}

/** Folds of the cross-fitted exposure: each user's levels come from the other (FOLDS − 1)/FOLDS of the users. */
const FOLDS = 5;

/** The counts summed per item, sorted by id. */
function sumCounts(counts: ReadonlyArray<ReadonlyArray<readonly [string, number]>>): Array<[string, number]> {
  const sum = new Map<string, number>();
  for (const list of counts) for (const [id, c] of list) sum.set(id, (sum.get(id) ?? 0) + c);
  return [...sum].sort(byId);
}

/** Orders counts by item id. */
function byId([a]: readonly [string, number], [b]: readonly [string, number]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
