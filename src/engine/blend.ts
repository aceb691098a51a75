/**
 * Blending: each source's raw scores are min-max normalised to [0, 1] (so a source's best
 * candidate scores 1 whatever its scale: cosine, decayed counts, ALS dot products), multiplied by
 * the source's weight and summed per item.
 */
import type { SourceContribution, SourceName } from '../core/types.js';
import type { Candidate } from './sources/types.js';

/** One source's candidates and the weight they get. */
export interface SourceResult {
  source: SourceName;
  weight: number;
  candidates: readonly Candidate[];
}

/** An item's blended score with each source's weighted part. */
export interface BlendedItem {
  itemId: string;
  score: number;
  contributions: SourceContribution[];
  /** Each source's own sentence for this item, where it gave one. */
  reasons: Map<SourceName, string>;
}

/**
 * Min-max normalises raw scores to [0, 1]. When every score is equal (including a single
 * candidate) each gets 0: a source that cannot tell its candidates apart adds no information,
 * and must not be credited in the explanation of an order another source decided.
 */
export function normalizeMinMax(candidates: readonly Candidate[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const c of candidates) {
    if (c.score < min) min = c.score;
    if (c.score > max) max = c.score;
  }
  const span = max - min;
  return candidates.map((c) => (span > 0 && Number.isFinite(span) ? (c.score - min) / span : 0));
}

/**
 * Blends source results into one list, best first (ties broken by item id so results are
 * deterministic). Contributions are listed largest first with their share of the item's score.
 */
export function blend(results: readonly SourceResult[]): BlendedItem[] {
  const items = new Map<string, BlendedItem>();
  for (const { source, weight, candidates } of results) {
    if (!(weight > 0) || candidates.length === 0) continue;
    const normalized = normalizeMinMax(candidates);
    candidates.forEach((c, i) => {
      const part = weight * normalized[i]!;
      let item = items.get(c.itemId);
      if (!item) items.set(c.itemId, (item = { itemId: c.itemId, score: 0, contributions: [], reasons: new Map() }));
      if (c.reason !== undefined && !item.reasons.has(source)) item.reasons.set(source, c.reason);
      const existing = item.contributions.find((x) => x.source === source);
      if (existing) {
        // A source proposing an item twice counts once, at its better score.
        if (part > existing.score) {
          item.score += part - existing.score;
          existing.score = part;
        }
        return;
      }
      item.score += part;
      item.contributions.push({ source, score: part, share: 0 });
    });
  }
  const out = [...items.values()];
  for (const item of out) {
    // A source that ranked the item last among its candidates adds nothing: do not list it.
    if (item.score > 0) item.contributions = item.contributions.filter((c) => c.score > 0);
    for (const c of item.contributions) c.share = item.score > 0 ? c.score / item.score : 1 / item.contributions.length;
    item.contributions.sort((a, b) => b.score - a.score || (a.source < b.source ? -1 : 1));
  }
  return out.sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

/**
 * Effective source weights for a user: personal sources (all but `trending` and `context`, which
 * need no history) fade in with the user's interaction count up to `minInteractions`, and the
 * stated-preference and demographic sources fade out over the same span, so a brand-new user is served by what
 * they said, trending and the moment, and an established one mostly by their own history.
 * Weights are rescaled to sum to 1.
 */
const UNPERSONAL = new Set<SourceName>(['trending', 'context']);
/** Sources that stand in for history and fade out as it grows. */
const COLD = new Set<SourceName>(['stated', 'demographic']);

export function effectiveWeights(
  configured: Readonly<Record<string, number>>,
  sources: readonly SourceName[],
  interactionCount: number,
  minInteractions: number,
): Map<SourceName, number> {
  const trust = minInteractions <= 0 ? 1 : Math.min(1, interactionCount / minInteractions);
  const raw = new Map<SourceName, number>();
  for (const s of sources) {
    const w = configured[s] ?? 0;
    raw.set(s, UNPERSONAL.has(s) ? w : COLD.has(s) ? w * (1 - trust) : w * trust);
  }
  let total = 0;
  for (const w of raw.values()) total += w;
  if (total <= 0) {
    // Nothing personal to go on and no trending weight configured: fall back to trending alone.
    for (const s of sources) raw.set(s, s === 'trending' ? 1 : 0);
    total = sources.includes('trending') ? 1 : 0;
  }
  for (const [s, w] of raw) raw.set(s, total > 0 ? w / total : 0);
  return raw;
}
