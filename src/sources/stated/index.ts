/**
 * Stated genres: cold-start picks from the genres the user said they like (request option or
 * stored attribute), the most popular first (trending interest, then the host's popularity prior).
 */
import { genreMatch } from '../../algorithms/context/context-scores.js';
import type { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import type { CatalogIndex } from '../../core/catalog-index.js';
import { catalogIndices, perGenreSet, topCatalogIndices } from '../catalog-scan.js';
import { defineSource } from '../definition.js';
import type { Candidate, Source, SourceRequest } from '../source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.6;

export class StatedGenresSource implements Source {
  readonly name = 'stated';
  readonly role = 'cold-start';
  // Above trending, as in the original cold start (selected genres 0.8, trending 0.6).
  readonly defaultWeight = WEIGHT;

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly popularity: DecayedCounter,
  ) {}

  appliesTo(request: SourceRequest): boolean {
    return (request.preferredGenres?.length ?? 0) > 0;
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const wanted = request.preferredGenres ?? [];
    if (wanted.length === 0) return [];
    const match = perGenreSet(this.catalog, (genres) => genreMatch(genres, wanted));
    return topCatalogIndices(this.catalog, request, (i) => this.scoreOf(i, match(i))).map((i) => this.candidate(i, wanted));
  }

  async score(request: SourceRequest, itemIds: readonly string[], indices?: readonly number[]): Promise<Candidate[]> {
    const wanted = request.preferredGenres ?? [];
    if (wanted.length === 0) return [];
    return catalogIndices(this.catalog, itemIds, indices).map((i) => this.candidate(i, wanted));
  }

  /** Genre match first; popularity orders items of equal match. */
  private scoreOf(index: number, match: number): number {
    return match > 0 ? match + 0.5 * this.popularity.relative(index, this.catalog.priors()) : 0;
  }

  private candidate(index: number, wanted: readonly string[]): Candidate {
    const genres = this.catalog.genresOfIndex(index) ?? [];
    const liked = wanted.find((g) => genres.some((x) => x.toLowerCase() === g));
    const shown = liked ? genres.find((g) => g.toLowerCase() === liked) : undefined;
    return {
      itemId: this.catalog.ids.idAt(index),
      score: this.scoreOf(index, genreMatch(genres, wanted)),
      ...(shown ? { reason: `Because you like ${shown}` } : {}),
    };
  }
}

/** Registration of the stated-genres source. */
export const stated = defineSource({
  defaultWeight: WEIGHT,
  name: 'stated',
  create: (context) => new StatedGenresSource(context.catalog, context.popularity),
});
