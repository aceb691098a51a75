import type { ContentItem } from '../core/types.js';

/** Turns text into fixed-length vectors. Implementations must be deterministic for a `modelId`. */
export interface Embedder {
  /** Length of every vector this embedder returns. */
  readonly dimension: number;
  /**
   * Identifies the model and any fitted state: when it changes, stored vectors are stale and
   * the engine re-embeds the catalogue.
   */
  readonly modelId: string;
  /**
   * True when the vectors place items by meaning (a trained sentence model), so their cosine may
   * judge how different two items are; the hashing embedder's only count shared words and are
   * nearly orthogonal, so the engine judges variety by factors or genres instead.
   */
  readonly semantic?: boolean;
  /** Embeds each text; the result has one vector per input, in order. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
  /**
   * Optional: learns corpus statistics (e.g. document frequencies) from the whole catalogue.
   * Called by `engine.fit()`; changes `modelId` when the statistics change.
   */
  fit?(corpus: readonly string[]): void | Promise<void>;
}

/**
 * The words `itemText` adds as field labels. Every item has them, so a bag-of-words embedder
 * must ignore them: shared by a crime thriller and a family film, they would make the two look
 * alike.
 */
export const ITEM_TEXT_LABELS: ReadonlySet<string> = new Set(['genres', 'themes', 'directed', 'starring']);

/**
 * The text an item is embedded from: title, genres, people, themes and description, each field
 * labelled so a sentence-embedding model reads it naturally.
 */
export function itemText(item: ContentItem): string {
  const parts = [item.title];
  if (item.genres?.length) parts.push(`Genres: ${item.genres.join(', ')}.`);
  if (item.themes?.length) parts.push(`Themes: ${item.themes.join(', ')}.`);
  if (item.directors?.length) parts.push(`Directed by ${item.directors.join(', ')}.`);
  if (item.cast?.length) parts.push(`Starring ${item.cast.join(', ')}.`);
  if (item.description) parts.push(item.description);
  return parts.join(' ');
}
