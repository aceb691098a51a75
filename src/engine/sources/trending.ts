import type { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import type { CatalogIndex } from '../catalog-index.js';
import type { Candidate, CandidateRequest, CandidateSource } from './types.js';

/**
 * Trending candidates: items ranked by exponentially time-decayed interest across all users,
 * then by the host's popularity prior, so even a catalogue with no events yet has an order.
 */
export class TrendingSource implements CandidateSource {
  readonly name = 'trending';

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly counter: DecayedCounter,
  ) {}

  async candidates(request: CandidateRequest): Promise<Candidate[]> {
    const { catalog } = this;
    const ids = catalog.ids;
    const top = this.counter.top(request.limit, catalog.size, catalog.priors(), (i) => {
      return !catalog.isLive(i) || request.excluded.has(ids.idAt(i));
    });
    return top.map(({ index, score }) => ({ itemId: ids.idAt(index), score }));
  }
}
