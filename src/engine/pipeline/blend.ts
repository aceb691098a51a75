/**
 * Blending: each source's raw scores are min-max normalised to [0, 1] (so a source's best
 * candidate scores 1 whatever its scale: cosine, decayed counts, ALS dot products), multiplied by
 * the source's weight and summed per item.
 */
import type { SourceContribution, SourceName } from '../../core/types.js';
import type { Candidate, SourceRole } from '../../sources/source.js';

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
  /**
   * The sources that gave the item a candidate and, at the same positions, the candidates (their
   * raw scores, sentences and clauses). Only the few results shown read them, so they are kept
   * as given rather than indexed for every item of the pool.
   */
  givenBy: SourceName[];
  given: Candidate[];
}

/** The candidate `source` gave for the item, if any. */
function givenFor(b: BlendedItem, source: SourceName): Candidate | undefined {
  const at = b.givenBy.indexOf(source);
  return at < 0 ? undefined : b.given[at];
}

/** The source's own sentence for the item, where it gave one. */
export function reasonOf(b: BlendedItem, source: SourceName): string | undefined {
  return givenFor(b, source)?.reason;
}

/** The source's clause for the item, where it gave one (see `Candidate.clause`). */
export function clauseOf(b: BlendedItem, source: SourceName): string | undefined {
  return givenFor(b, source)?.clause;
}

/** Sources that gave the item a positive raw score, even where normalisation made it 0, in blend order. */
export function positiveSources(b: BlendedItem): SourceName[] {
  return b.givenBy.filter((_, i) => b.given[i]!.score > 0);
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
 * `discount` (in [0, 1] per item; the popularity penalty) scales an item's score down by that
 * share after the shares are taken, so explanations still say which sources proposed it.
 */
export function blend(results: readonly SourceResult[], discount?: (itemId: string) => number): BlendedItem[] {
  const items = new Map<string, BlendedItem>();
  for (const { source, weight, candidates } of results) {
    if (!(weight > 0) || candidates.length === 0) continue;
    const normalized = normalizeMinMax(candidates);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const part = weight * normalized[i]!;
      let item = items.get(c.itemId);
      if (!item) items.set(c.itemId, (item = { itemId: c.itemId, score: 0, contributions: [], givenBy: [], given: [] }));
      const existing = item.contributions.find((x) => x.source === source);
      if (existing) {
        // A source proposing an item twice counts once, at its better score.
        mergeGiven(item, source, c);
        if (part > existing.score) {
          item.score += part - existing.score;
          existing.score = part;
        }
        continue;
      }
      item.givenBy.push(source);
      item.given.push(c);
      item.score += part;
      item.contributions.push({ source, score: part, share: 0 });
    }
  }
  const out = [...items.values()];
  for (const item of out) {
    settleContributions(item);
    if (discount) item.score *= 1 - discount(item.itemId);
  }
  return out.sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

/**
 * Drops the parts that add nothing (a source that ranked the item last among its candidates;
 * every part when nothing scored the item, so no source claims a share of it), sets each share
 * and orders the parts largest first. By hand, in place: a pool has hundreds of items with a
 * few parts each, and a library sort per item allocated more than the rest of the blend.
 */
function settleContributions(item: BlendedItem): void {
  const parts = item.contributions;
  let kept = 0;
  if (item.score > 0) {
    for (const c of parts) {
      if (!(c.score > 0)) continue;
      c.share = c.score / item.score;
      // Insertion into the kept prefix, largest first, ties by source name.
      let at = kept++;
      while (at > 0 && before(c, parts[at - 1]!)) {
        parts[at] = parts[at - 1]!;
        at--;
      }
      parts[at] = c;
    }
  }
  parts.length = kept;
}

function before(a: SourceContribution, b: SourceContribution): boolean {
  return a.score > b.score || (a.score === b.score && a.source < b.source);
}

/**
 * A second candidate from the same source for the item: its first sentence and clause stand
 * (the second's fill what the first lacked), and it counts as positive when either raw score was.
 */
function mergeGiven(item: BlendedItem, source: SourceName, c: Candidate): void {
  const at = item.givenBy.indexOf(source);
  const first = item.given[at]!;
  const reason = first.reason ?? c.reason;
  const clause = first.clause ?? c.clause;
  const score = first.score > 0 ? first.score : c.score;
  if (reason === first.reason && clause === first.clause && score === first.score) return;
  item.given[at] = { itemId: first.itemId, score, ...(reason === undefined ? {} : { reason }), ...(clause === undefined ? {} : { clause }) };
}

/**
 * Effective source weights for a user, by each source's role: personal sources fade in with the
 * user's interaction count up to `minInteractions`, cold-start sources (stated genres,
 * demographics) fade out over the same span and ambient ones keep their weight, so a brand-new
 * user is served by what they said, what is popular and the moment, and an established one
 * mostly by their own history. Weights are rescaled to sum to 1.
 */
export function effectiveWeights(
  configured: Readonly<Record<string, number>>,
  sources: ReadonlyArray<{ name: SourceName; role: SourceRole }>,
  interactionCount: number,
  minInteractions: number,
): Map<SourceName, number> {
  const trust = minInteractions <= 0 ? 1 : Math.min(1, interactionCount / minInteractions);
  const raw = new Map<SourceName, number>();
  for (const { name, role } of sources) {
    const w = Object.hasOwn(configured, name) ? configured[name]! : 0;
    raw.set(name, role === 'ambient' ? w : role === 'cold-start' ? w * (1 - trust) : w * trust);
  }
  let total = 0;
  for (const w of raw.values()) total += w;
  if (total <= 0) {
    // Nothing personal to go on and no ambient weight configured: fall back to the ambient
    // sources alone, equally weighted.
    const ambient = sources.filter((s) => s.role === 'ambient');
    for (const { name } of sources) raw.set(name, 0);
    for (const { name } of ambient) raw.set(name, 1);
    total = ambient.length;
  }
  for (const [s, w] of raw) raw.set(s, total > 0 ? w / total : 0);
  return raw;
}
