/**
 * A zero-download embedder: TF-IDF weighted bag of words and word pairs, folded into `dimension`
 * slots by signed feature hashing (Weinberger et al., "Feature Hashing for Large Scale Multitask
 * Learning", ICML 2009) and scaled to unit length. Two items that share rare words are close;
 * the hash sign keeps collisions from adding up in expectation.
 */
import { ConfigurationError, throwIfAborted } from '../core/errors.js';
import { fnv1a32, tokenize } from './tokenize.js';
import { ITEM_TEXT_LABELS, type Embedder } from './types.js';

/** Options of {@link HashingEmbedder}. */
export interface HashingEmbedderOptions {
  /** Output length. @default 512 */
  dimension?: number;
  /** Add adjacent word pairs as features. @default true */
  bigrams?: boolean;
}

/** The zero-download default {@link Embedder}: see the module comment. */
export class HashingEmbedder implements Embedder {
  readonly dimension: number;
  /** Hashed word counts do not place items by meaning. */
  readonly semantic = false;
  private readonly bigrams: boolean;
  private documentFrequency = new Map<string, number>();
  private documents = 0;
  private fittedId = 'unfitted';

  constructor(options: HashingEmbedderOptions = {}) {
    const dimension = options.dimension ?? 512;
    if (!Number.isInteger(dimension) || dimension < 2 || dimension > 65_536) {
      throw new ConfigurationError('dimension', 'must be an integer from 2 to 65536');
    }
    this.dimension = dimension;
    this.bigrams = options.bigrams ?? true;
  }

  get modelId(): string {
    return `hashing-v1:${this.dimension}:${this.bigrams ? 'bi' : 'uni'}:${this.fittedId}`;
  }

  /** Learns document frequencies from the catalogue; IDF then down-weights common words. */
  fit(corpus: readonly string[]): void {
    const df = new Map<string, number>();
    for (const text of corpus) {
      for (const feature of new Set(this.features(text))) df.set(feature, (df.get(feature) ?? 0) + 1);
    }
    this.documentFrequency = df;
    this.documents = corpus.length;
    // The id must change with the statistics, so stale vectors are detected after a refit.
    let h = fnv1a32(String(corpus.length));
    for (const text of corpus) h = fnv1a32(text, h);
    this.fittedId = `${corpus.length}-${h.toString(16)}`;
  }

  async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    throwIfAborted(options.signal, 'embedding');
    return texts.map((t) => this.embedOne(t));
  }

  /** Synchronous form of {@link embed} for a single text. */
  embedOne(text: string): Float32Array {
    const counts = new Map<string, number>();
    for (const f of this.features(text)) counts.set(f, (counts.get(f) ?? 0) + 1);
    const v = new Float32Array(this.dimension);
    // The slots touched: a text has a few dozen features, so the norm and the scaling visit
    // those rather than every dimension.
    const touched: number[] = [];
    for (const [feature, tf] of counts) {
      const h = fnv1a32(feature);
      const slot = h % this.dimension;
      const sign = fnv1a32(feature, 0x9747b28c) & 1 ? 1 : -1;
      if (v[slot] === 0) touched.push(slot);
      v[slot]! += sign * (1 + Math.log(tf)) * this.idf(feature);
    }
    // A slot whose sum went back to 0 can be listed twice: count each once.
    const slots = new Set(touched);
    let n = 0;
    for (const slot of slots) n += v[slot]! * v[slot]!;
    if (n > 0) {
      const inv = 1 / Math.sqrt(n);
      for (const slot of slots) v[slot]! *= inv;
    }
    return v;
  }

  private idf(feature: string): number {
    if (this.documents === 0) return 1;
    // Smoothed IDF (as scikit-learn's): never zero, unseen features get the highest weight.
    return Math.log((1 + this.documents) / (1 + (this.documentFrequency.get(feature) ?? 0))) + 1;
  }

  private features(text: string): string[] {
    // Stop words go even with IDF: words shared by many of a user's items pile up in the
    // preference vector (as genres should), so a frequent "the" would otherwise rule it.
    const tokens = tokenize(text).filter((t) => !ITEM_TEXT_LABELS.has(t));
    if (!this.bigrams) return tokens;
    const out = tokens.slice();
    for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]} ${tokens[i]}`);
    return out;
  }
}
