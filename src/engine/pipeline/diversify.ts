import { intraListDiversity } from '../../algorithms/diversity/intra-list.js';
import { selectMmr } from '../../algorithms/diversity/mmr.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { BlendedItem } from './blend.js';
import { itemSimilarity, type SimilarityContext, type SimilarityMeasure } from './similarity.js';

/** A diversified list and what it measured. */
export interface Diversified {
  items: BlendedItem[];
  /** Intra-list diversity of `items`: mean pairwise 1 − similarity. */
  diversity: number;
  /** The evidence the similarity came from. */
  measure: SimilarityMeasure;
  /** True when some pick broke the genre cap because nothing in the pool kept it. */
  capRelaxed: boolean;
}

/**
 * Picks `count` of `pool` (best first) by maximal marginal relevance (λ 1: relevance only), with
 * a per-genre cap (a share of 1: none), and measures the intra-list diversity of the result, both on
 * {@link itemSimilarity} (factors, semantic embeddings or genres).
 */
export async function diversify(
  pool: readonly BlendedItem[],
  count: number,
  options: { lambda: number; maxGenreShare: number; catalog: CatalogIndex; similarity: SimilarityContext },
): Promise<Diversified> {
  if (pool.length === 0) return { items: [], diversity: 0, measure: 'genres', capRelaxed: false };
  const alike = await itemSimilarity(
    pool.map((b) => b.itemId),
    options.similarity,
  );
  let items = pool.slice(0, count);
  let capRelaxed = false;
  // λ 1 with no cap (share 1) leaves the list in relevance order.
  if (options.lambda < 1 || options.maxGenreShare < 1) {
    const scores = pool.map((b) => b.score);
    const lo = Math.min(...scores);
    const span = Math.max(...scores) - lo;
    // Relevance on the same 0..1 scale as similarity, so lambda means what it says.
    const relevance = scores.map((s) => (span > 0 ? (s - lo) / span : 1));
    const picked = selectMmr(relevance, (i, j) => alike.similarity(pool[i]!.itemId, pool[j]!.itemId), {
      k: count,
      lambda: options.lambda,
      categories: pool.map((b) => options.catalog.genresOf(b.itemId)),
      ...(options.maxGenreShare < 1 ? { maxCategoryShare: options.maxGenreShare } : {}),
    });
    items = picked.picks.map((i) => pool[i]!);
    capRelaxed = picked.capRelaxed;
  }
  const ids = items.map((b) => b.itemId);
  return { items, diversity: intraListDiversity([ids], alike.similarity), measure: alike.measureOf(ids), capRelaxed };
}
