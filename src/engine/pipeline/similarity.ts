/**
 * How alike two items are, for MMR and for the diversity a response reports: by collaborative
 * item factors where both items have them (items alike when the same people watch them), by
 * embeddings when they come from a semantic model, and by genre overlap (Jaccard) otherwise.
 * The hashing embedder's vectors are not used: about 13 non-zeros in 512 make any two items
 * look nearly unrelated, so a list of one genre would still measure as diverse.
 */
import { genreJaccard } from '../../algorithms/diversity/jaccard.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { cosineOf, sparseForm, type SparseForm } from '../../core/vector.js';
import type { Source } from '../../sources/source.js';
import type { VectorStore } from '../../stores/types.js';

/** Which evidence judged a list's variety. */
export type SimilarityMeasure = 'factors' | 'embeddings' | 'genres' | 'mixed';

/** Similarity in [0, 1] between items of one request, and the measure each pair used. */
export interface ItemSimilarity {
  similarity(a: string, b: string): number;
  /** The measure every pair of `ids` was judged by, or 'mixed'. */
  measureOf(ids: readonly string[]): SimilarityMeasure;
}

/** Where the evidence comes from. */
export interface SimilarityContext {
  sources: readonly Source[];
  catalog: CatalogIndex;
  vectors: VectorStore;
  /** True when the stored embeddings come from a semantic model. */
  semanticEmbeddings: boolean;
  /** Told when a source's `itemVectors` throws: the next source's factors, or genres, judge instead. */
  onFailure?: ((source: string, error: unknown) => void) | undefined;
}

/** The similarity of the items `ids` (a request's pool), with its evidence gathered once. */
export async function itemSimilarity(ids: readonly string[], context: SimilarityContext): Promise<ItemSimilarity> {
  const factors = new Map<string, SparseForm>();
  for (const source of context.sources) {
    let found: Map<string, Float32Array> | undefined;
    try {
      found = source.itemVectors?.(ids);
    } catch (error) {
      if (!context.onFailure) throw error;
      context.onFailure(source.name, error);
      continue;
    }
    if (!found || found.size === 0) continue;
    for (const [id, v] of found) factors.set(id, sparseForm(v));
    break; // one source's space: factors of different models are not comparable
  }
  const embeddings = new Map<string, SparseForm>();
  if (context.semanticEmbeddings) for (const [id, v] of await context.vectors.get(ids)) embeddings.set(id, sparseForm(v));
  const judge = (a: string, b: string): [number, Exclude<SimilarityMeasure, 'mixed'>] => {
    const fa = factors.get(a);
    const fb = factors.get(b);
    if (fa && fb) return [Math.max(0, cosineOf(fa, fb)), 'factors'];
    const ea = embeddings.get(a);
    const eb = embeddings.get(b);
    if (ea && eb) return [Math.max(0, cosineOf(ea, eb)), 'embeddings'];
    return [genreJaccard(context.catalog.genresOf(a), context.catalog.genresOf(b)), 'genres'];
  };
  return {
    similarity: (a, b) => (a === b ? 1 : judge(a, b)[0]),
    measureOf(list) {
      const seen = new Set<SimilarityMeasure>();
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) seen.add(judge(list[i]!, list[j]!)[1]);
      return seen.size === 1 ? [...seen][0]! : seen.size === 0 ? 'genres' : 'mixed';
    },
  };
}
