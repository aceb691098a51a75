/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): picks items one at a time by
 * λ · relevance − (1 − λ) · (highest similarity to an item already picked), so near-duplicates
 * of earlier picks fall back. Optionally caps how many picks may share a category (genre).
 * Pure: relevance in [0, 1], similarities from a callback.
 */

/** Options of {@link maximalMarginalRelevance}. */
export interface MmrOptions {
  /** How many to pick. */
  k: number;
  /** 1 = relevance only, 0 = diversity only (original SONA 0.7). */
  lambda: number;
  /** Categories of each candidate (e.g. genres), for the cap. */
  categories?: ReadonlyArray<readonly string[] | undefined>;
  /** At most this share of the picks may carry any one category (e.g. 0.4); relaxed when too few candidates qualify. */
  maxCategoryShare?: number;
}

/** Indices of the picked candidates, in pick order. */
export function maximalMarginalRelevance(relevance: ArrayLike<number>, similarity: (i: number, j: number) => number, options: MmrOptions): number[] {
  return selectMmr(relevance, similarity, options).picks;
}

/** The picks, and whether the category cap had to be relaxed for any of them. */
export function selectMmr(
  relevance: ArrayLike<number>,
  similarity: (i: number, j: number) => number,
  options: MmrOptions,
): { picks: number[]; capRelaxed: boolean } {
  const n = relevance.length;
  const k = Math.min(options.k, n);
  const picked: number[] = [];
  const taken = new Uint8Array(n);
  // The highest similarity of each candidate to any pick so far.
  const maxSim = new Float64Array(n).fill(-Infinity);
  const perCategory = new Map<string, number>();
  const cap = options.maxCategoryShare !== undefined && options.categories ? Math.max(1, Math.ceil(options.maxCategoryShare * k)) : Infinity;
  const withinCap = (i: number) => (options.categories?.[i] ?? []).every((c) => (perCategory.get(c) ?? 0) < cap);
  let capRelaxed = false;
  while (picked.length < k) {
    let best = -1;
    let bestScore = -Infinity;
    for (const respectCap of cap === Infinity ? [false] : [true, false]) {
      if (!respectCap && cap !== Infinity) capRelaxed = true;
      for (let i = 0; i < n; i++) {
        if (taken[i] || (respectCap && !withinCap(i))) continue;
        const penalty = picked.length === 0 ? 0 : maxSim[i]!;
        const score = options.lambda * relevance[i]! - (1 - options.lambda) * penalty;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      if (best >= 0) break; // the cap is only relaxed when nothing within it is left
    }
    if (best < 0) break;
    picked.push(best);
    taken[best] = 1;
    for (const c of options.categories?.[best] ?? []) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
    for (let i = 0; i < n; i++) if (!taken[i]) maxSim[i] = Math.max(maxSim[i]!, similarity(i, best));
  }
  return { picks: picked, capRelaxed };
}
