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
    const pref = request.profile?.preferenceVector;
    if (!pref || pref.length !== this.vectors.dimension || isZeroVector(pref)) return [];
    const matches = await this.vectors.query(pref, {
      k: request.limit,
      excludeIds: [...request.excluded],
    });
    return matches.filter((m) => this.isLive(m.id)).map((m) => ({ itemId: m.id, score: m.score }));
  }
}
