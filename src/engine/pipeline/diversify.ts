import { intraListDiversity } from '../../algorithms/diversity/intra-list.js';
import { maximalMarginalRelevance } from '../../algorithms/diversity/mmr.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { cosineOf, sparseForm, type SparseForm } from '../../core/vector.js';
import type { VectorStore } from '../../stores/types.js';
import type { BlendedItem } from './blend.js';

/**
 * Picks `count` of `pool` (best first) by maximal marginal relevance over item embeddings, with
 * a per-genre cap (λ 1 turns both off), and measures the intra-list diversity of the result (mean pairwise 1 − cosine).
 */
export async function diversify(
  pool: readonly BlendedItem[],
  count: number,
  options: { lambda: number; maxGenreShare: number; vectors: VectorStore; catalog: CatalogIndex },
): Promise<{ items: BlendedItem[]; diversity: number; vectors: ReadonlyMap<string, Float32Array> }> {
  if (pool.length === 0) return { items: [], diversity: 0, vectors: new Map() };
  const vectors = await options.vectors.get(pool.map((b) => b.itemId));
  // Each vector is reduced once; MMR then compares every pick with every candidate.
  const forms = new Map<string, SparseForm>();
  for (const [id, v] of vectors) forms.set(id, sparseForm(v));
  const similarity = (a: string, b: string) => {
    const x = forms.get(a);
    const y = forms.get(b);
    return x && y ? cosineOf(x, y) : 0;
  };
  let items = pool.slice(0, count);
  // λ 1 switches re-ranking off entirely, the genre cap with it.
  if (options.lambda < 1) {
    const scores = pool.map((b) => b.score);
    const lo = Math.min(...scores);
    const span = Math.max(...scores) - lo;
    // Relevance on the same 0..1 scale as similarity, so lambda means what it says.
    const relevance = scores.map((s) => (span > 0 ? (s - lo) / span : 1));
    const picks = maximalMarginalRelevance(relevance, (i, j) => similarity(pool[i]!.itemId, pool[j]!.itemId), {
      k: count,
      lambda: options.lambda,
      categories: pool.map((b) => options.catalog.genresOf(b.itemId)),
      maxCategoryShare: options.maxGenreShare,
    });
    items = picks.map((i) => pool[i]!);
  }
  return { items, diversity: intraListDiversity([items.map((b) => b.itemId)], similarity), vectors };
}
