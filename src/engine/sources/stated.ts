import { genreMatch } from '../../algorithms/context/context-scores.js';
import type { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import type { CatalogIndex } from '../catalog-index.js';
import { catalogIndices, perGenreSet, topCatalogIndices } from './catalog-scan.js';
import type { Candidate, CandidateRequest, CandidateSource } from './types.js';

/**
 * Cold-start picks from stated preferences: items of the genres the user said they like,
 * the most popular first (trending interest, then the host's popularity prior).
 */
export class StatedGenresSource implements CandidateSource {
  readonly name = 'stated';

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly trending: DecayedCounter,
  ) {}

  async candidates(request: CandidateRequest): Promise<Candidate[]> {
    const wanted = request.preferredGenres ?? [];
    if (wanted.length === 0) return [];
    const match = perGenreSet(this.catalog, (genres) => genreMatch(genres, wanted));
    return topCatalogIndices(this.catalog, request, (i) => this.scoreOf(i, match(i))).map((i) => this.candidate(i, wanted));
  }

  async score(request: CandidateRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const wanted = request.preferredGenres ?? [];
    if (wanted.length === 0) return [];
    return catalogIndices(this.catalog, itemIds).map((i) => this.candidate(i, wanted));
  }

  /** Genre match first; popularity orders items of equal match. */
  private scoreOf(index: number, match: number): number {
    return match > 0 ? match + 0.5 * this.trending.relative(index, this.catalog.priors()) : 0;
  }

  private candidate(index: number, wanted: readonly string[]): Candidate {
    const genres = new Set((this.catalog.genresOfIndex(index) ?? []).map((g) => g.toLowerCase()));
    const liked = wanted.find((g) => genres.has(g));
    const shown = liked ? (this.catalog.genresOfIndex(index) ?? []).find((g) => g.toLowerCase() === liked) : undefined;
    return {
      itemId: this.catalog.ids.idAt(index),
      score: this.scoreOf(index, genreMatch(this.catalog.genresOfIndex(index), wanted)),
      ...(shown ? { reason: `Because you like ${shown}` } : {}),
    };
  }
}
