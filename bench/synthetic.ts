/** Deterministic synthetic catalogues and events for benchmarks. */
import type { ContentItem, ViewingEvent } from '../src/index.js';

import { seededRandom as rng } from '../src/core/random.js';

const GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Family',
  'Fantasy',
  'Horror',
  'Music',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

export function syntheticCatalog(n: number, seed = 1): ContentItem[] {
  const r = rng(seed);
  const word = () => `w${Math.floor(Math.pow(r(), 2) * 5000)}`;
  return Array.from({ length: n }, (_, i) => ({
    id: `item-${i}`,
    title: `${word()} ${word()}`,
    genres: [GENRES[Math.floor(r() * GENRES.length)]!, GENRES[Math.floor(r() * GENRES.length)]!],
    cast: [`actor${Math.floor(r() * 2000)}`],
    releaseYear: 1950 + Math.floor(r() * 75),
    popularity: r(),
  }));
}

/** Events with Zipf-like item popularity: a few hits, a long tail. */
export function syntheticEvents(users: number, perUser: number, items: number, start: number, seed = 2): ViewingEvent[] {
  const r = rng(seed);
  const out: ViewingEvent[] = [];
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < perUser; k++) {
      const item = Math.floor(Math.pow(r(), 3) * items);
      out.push({
        userId: `user-${u}`,
        contentId: `item-${item}`,
        type: 'view',
        completion: 0.3 + 0.7 * r(),
        timestamp: start + Math.floor(r() * 30 * 86_400_000),
      });
    }
  }
  return out;
}
