import { isZeroVector } from '../../core/vector.js';
import type { VectorStore } from '../../stores/types.js';
import type { Candidate, CandidateRequest, CandidateSource } from './types.js';

/**
 * Content-based candidates: the catalogue items whose embeddings are closest (cosine) to the
 * user's preference vector.
 */
export class ContentSource implements CandidateSource {
  readonly name = 'content';

  constructor(
    private readonly vectors: VectorStore,
    private readonly isLive: (itemId: string) => boolean,
  ) {}

  async candidates(request: CandidateRequest): Promise<Candidate[]> {
    const pref = this.preference(request);
    if (!pref) return [];
    const matches = await this.vectors.query(pref, {
      k: request.limit,
      excludeIds: [...request.excluded],
    });
    return matches.filter((m) => this.isLive(m.id)).map((m) => ({ itemId: m.id, score: m.score }));
  }

  async score(request: CandidateRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const pref = this.preference(request);
    if (!pref || itemIds.length === 0) return [];
    const matches = await this.vectors.query(pref, { k: itemIds.length, ids: itemIds });
    return matches.map((m) => ({ itemId: m.id, score: m.score }));
  }

  private preference(request: CandidateRequest): Float32Array | undefined {
    const pref = request.profile?.preferenceVector;
    return pref && pref.length === this.vectors.dimension && !isZeroVector(pref) ? pref : undefined;
  }
}
