import type { ItemInteraction } from '../../algorithms/profile/engagement.js';
import type { RecommendContext, SourceName, UserProfile } from '../../core/types.js';

/** What a candidate source is asked. */
export interface CandidateRequest {
  userId: string;
  /** The stored profile, if the user has one. */
  profile?: UserProfile;
  /** The user's folded history. */
  interactions: ReadonlyMap<string, ItemInteraction>;
  /** Items that must not be proposed. */
  excluded: ReadonlySet<string>;
  /** How many candidates to propose at most. */
  limit: number;
  now: number;
  context?: RecommendContext;
}

/** A proposed item with the source's own raw score (higher is better, any scale). */
export interface Candidate {
  itemId: string;
  score: number;
}

/** A named producer of scored candidates. */
export interface CandidateSource {
  readonly name: SourceName;
  candidates(request: CandidateRequest): Promise<Candidate[]>;
}
