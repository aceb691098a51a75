/**
 * One human sentence per recommendation, from its strongest source: "Because you watched Heat
 * and Ronin", "Trending this week", "Popular with viewers like you".
 */
import type { SourceName } from '../core/types.js';
import { cosine } from '../core/vector.js';

/** An item the user engaged with, used to say "Because you watched ...". */
export interface Anchor {
  itemId: string;
  title: string;
  vector: Float32Array;
}

/**
 * The anchors most similar to `vector`: the best one, plus a second when it is nearly as
 * similar (within 90%), so the sentence names two titles only when both really apply.
 */
export function nearestAnchors(vector: Float32Array, anchors: readonly Anchor[]): Anchor[] {
  const scored = anchors
    .map((a) => ({ a, s: cosine(vector, a.vector) }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s);
  if (scored.length === 0) return [];
  const out = [scored[0]!.a];
  if (scored[1] && scored[1].s >= 0.9 * scored[0]!.s) out.push(scored[1].a);
  return out;
}

/** What the sentence may mention beyond the source's name. */
export interface ExplanationDetail {
  /** Titles of the watched items behind a content match. */
  anchorTitles?: readonly string[];
  /** The source's own sentence for the item, used when there is one. */
  reason?: string;
}

/** The sentence for a recommendation whose strongest source is `source`. */
export function explanationSentence(source: SourceName | undefined, detail: ExplanationDetail = {}): string {
  if (detail.reason) return detail.reason;
  switch (source) {
    case 'content': {
      const titles = detail.anchorTitles ?? [];
      if (titles.length >= 2) return `Because you watched ${titles[0]} and ${titles[1]}`;
      if (titles.length === 1) return `Because you watched ${titles[0]}`;
      return 'Matches your taste';
    }
    case 'trending':
      return 'Trending this week';
    case 'collaborative':
    case 'item-knn':
      return 'Popular with viewers like you';
    case 'graph':
      return 'Connected to what you watch';
    default:
      return 'Recommended for you';
  }
}
