/**
 * Readers for the MovieTweetings format (Dooms, De Pessemier & Martens, CrowdRec 2013), which
 * follows MovieLens' `::`-separated layout: `movies.dat` is `id::Title (Year)::Genre|Genre`,
 * `ratings.dat` is `user::item::rating::unix-seconds` with ratings from 0 to 10.
 */
import type { ContentItem } from '../core/types.js';

/** One rating as read from a ratings file. */
export interface RatingRecord {
  userId: string;
  itemId: string;
  rating: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

const YEAR = /^(.*?)\s*\((\d{4})\)\s*$/;

/** Parses `movies.dat` into catalogue items (title without the year, releaseYear, genres). */
export function parseMovies(text: string): ContentItem[] {
  const out: ContentItem[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [id, rawTitle = '', genres = ''] = line.split('::');
    if (!id) continue;
    const match = YEAR.exec(rawTitle);
    const item: ContentItem = { id, title: (match ? match[1]! : rawTitle).trim() || id };
    if (match) item.releaseYear = Number(match[2]);
    const list = genres
      .split('|')
      .map((g) => g.trim())
      .filter(Boolean);
    if (list.length > 0) item.genres = list;
    out.push(item);
  }
  return out;
}

/** Parses `ratings.dat` lines (`user::item::rating::seconds`). Malformed lines are skipped. */
export function parseRatings(text: string): RatingRecord[] {
  const out: RatingRecord[] = [];
  for (const line of text.split('\n')) {
    const [userId, itemId, rating, seconds] = line.split('::');
    if (!userId || !itemId) continue;
    const r = Number(rating);
    const t = Number(seconds);
    if (!Number.isFinite(r) || !Number.isFinite(t)) continue;
    out.push({ userId, itemId, rating: r, timestamp: t * 1000 });
  }
  return out;
}
