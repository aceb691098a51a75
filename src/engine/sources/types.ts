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
  /** Genres the user stated they like (lower-case). */
  preferredGenres?: readonly string[];
  /** Demographic facts the host gave for the user. */
  demographics?: Readonly<Record<string, string>>;
}

/** A proposed item with the source's own raw score (higher is better, any scale). */
export interface Candidate {
  itemId: string;
  score: number;
  /** The sentence to show when this source is the item's strongest signal. */
  reason?: string;
}

/** A named producer of scored candidates. */
export interface CandidateSource {
  readonly name: SourceName;
  /** Proposes up to `request.limit` candidates, best first. */
  candidates(request: CandidateRequest): Promise<Candidate[]>;
  /**
   * Optional: scores items other sources proposed, on the same scale as `candidates`. Sources
   * that can score any item let the blend judge every candidate by every signal, so an item
   * that is both on-taste and popular beats one that is only one of the two.
   */
  score?(request: CandidateRequest, itemIds: readonly string[]): Promise<Candidate[]>;
  /**
   * Optional: sentences for final results whose strongest signal is this source, when the
   * source can say more than its candidates' `reason` (e.g. which watched items led to them).
   */
  explain?(request: CandidateRequest, itemIds: readonly string[]): Promise<Map<string, string>>;
}
