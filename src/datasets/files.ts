/**
 * Readers for the interaction and item files people bring: MovieLens `u.data` (tab),
 * MovieLens/MovieTweetings `ratings.dat` (`::`), and CSV with or without a header. Columns are
 * user, item, rating, timestamp (seconds, milliseconds or ISO-8601); items are id, title, genres
 * (`|`-separated), or MovieLens-100K's `u.item` (`|`-separated, genres as 0/1 flags named by the
 * `u.genre` beside it). Gzipped files are read as they are; text that is not UTF-8 is read as
 * Latin-1 (MovieLens-100K's titles are).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../core/errors.js';
import { toEpochMs } from '../core/time.js';
import type { ContentItem } from '../core/types.js';
import type { Interaction } from '../evaluation/types.js';

/** The field separator of a delimited text, guessed from its first line. */
export function detectDelimiter(text: string): string {
  const first = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  if (first.includes('::')) return '::';
  if (first.includes('\t')) return '\t';
  if (first.includes('|')) return '|';
  return ',';
}

/** The rows of a delimited text, each cell trimmed. */
export function parseRows(text: string, delimiter = detectDelimiter(text)): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    // Only CSV quotes: in '::', '|' and tab files a title may contain quotes.
    quote: delimiter === ',' ? '"' : false,
  }) as string[][];
}

/** Timestamps below 1e11 are taken as seconds (every date after 1973 in ms is above it). */
function toMs(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n < 1e11 ? n * 1000 : n;
  return toEpochMs(value);
}

/** Parses an interactions text. A first row whose rating column is not a number is a header. */
export function parseInteractions(text: string): Interaction[] {
  const table = parseRows(text);
  const out: Interaction[] = [];
  table.forEach((cells, i) => {
    const [userId, itemId, rating, timestamp] = cells;
    if (!userId || !itemId) return;
    const r = rating === undefined || rating === '' ? undefined : Number(rating);
    if (i === 0 && r !== undefined && !Number.isFinite(r)) return; // header
    const x: Interaction = { userId, itemId };
    if (r !== undefined && Number.isFinite(r)) x.rating = r;
    const t = toMs(timestamp);
    if (t !== undefined) x.timestamp = t;
    out.push(x);
  });
  return out;
}

const YEAR = /^(.*?)\s*\((\d{4})\)\s*$/;
/** A MovieLens-100K release date (`01-Jan-1995`): its year. */
const RELEASE_DATE = /^\d{1,2}-[A-Za-z]{3}-(\d{4})$/;

/**
 * MovieLens-100K's genre flags in the order of its README and `u.genre`, for a `u.item` read
 * without its `u.genre`.
 */
export const MOVIELENS_100K_GENRES: readonly string[] = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** Cells of a `u.item` row before its genre flags: id, title, release date, video release date, IMDb URL. */
const FLAGS_FROM = 5;

/**
 * Parses an items text: id, title (with an optional "(year)"), genres separated by `|`. A
 * `|`-separated row ending in 0/1 flags (MovieLens-100K's `u.item`) names its genres by the flags
 * set, from `flagGenres` (default `MOVIELENS_100K_GENRES`); its release date gives the year when
 * the title does not.
 */
export function parseItems(text: string, flagGenres: readonly string[] = MOVIELENS_100K_GENRES): ContentItem[] {
  const delimiter = detectDelimiter(text);
  const out: ContentItem[] = [];
  for (const [i, cells] of parseRows(text, delimiter).entries()) {
    const [id, rawTitle = '', genres = ''] = cells;
    if (!id || (i === 0 && /^(movie|item)?_?id$/i.test(id))) continue;
    const match = YEAR.exec(rawTitle);
    const item: ContentItem = { id, title: (match ? match[1]! : rawTitle).trim() || id };
    if (match) item.releaseYear = Number(match[2]);
    let list: string[] = [];
    if (delimiter !== '|') {
      list = genres
        .split('|')
        .map((g) => g.trim())
        .filter(Boolean);
    } else if (cells.length > FLAGS_FROM && cells.slice(FLAGS_FROM).every((f) => f === '0' || f === '1')) {
      list = cells.slice(FLAGS_FROM).flatMap((f, g) => (f === '1' && flagGenres[g] !== undefined ? [flagGenres[g]] : []));
      const released = RELEASE_DATE.exec(cells[2] ?? '');
      if (item.releaseYear === undefined && released) item.releaseYear = Number(released[1]);
    }
    if (list.length > 0) item.genres = list;
    out.push(item);
  }
  return out;
}

/** The genre names of a MovieLens-100K `u.genre` text (`name|index` lines), in index order. */
export function parseGenreNames(text: string): string[] {
  const named = parseRows(text, '|').flatMap(([name, index]) => (name && index !== undefined && /^\d+$/.test(index) ? [[Number(index), name] as const] : []));
  const out: string[] = [];
  for (const [index, name] of named) out[index] = name;
  return Array.from(out, (name) => name ?? '');
}

/** A text file, gunzipped when it is gzip (by its magic bytes, whatever its name); `what` names the option in errors. */
function readText(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ValidationError(what, `cannot read ${JSON.stringify(path)}`, { cause: err });
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return decode(bytes);
  try {
    return decode(gunzipSync(bytes));
  } catch (err) {
    throw new ValidationError(what, `${JSON.stringify(path)} is not a readable gzip file`, { cause: err });
  }
}

/** UTF-8 text, or Latin-1 when the bytes are not UTF-8 (older data sets are; every byte is a Latin-1 character). */
export function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** Reads an interactions file; throws a ValidationError naming the option when unreadable or empty. */
export function readInteractionsFile(path: string): Interaction[] {
  const data = parsed(path, '--ratings', parseInteractions);
  if (data.length === 0) throw new ValidationError('--ratings', `no interactions found in ${JSON.stringify(path)}`);
  return data;
}

/** Reads an items file; a MovieLens-100K `u.item` takes its genre names from the `u.genre` beside it when there is one. */
export function readItemsFile(path: string): ContentItem[] {
  const genreFile = join(dirname(path), 'u.genre');
  const names = existsSync(genreFile) ? parsed(genreFile, '--items', parseGenreNames) : MOVIELENS_100K_GENRES;
  return parsed(path, '--items', (text) => parseItems(text, names));
}

/**
 * The file at `path` read by `parse`; a file it cannot read as delimited text is a ValidationError
 * naming `what` (one `parse` throws itself passes as it is).
 */
export function parsed<T>(path: string, what: string, parse: (text: string) => T): T {
  const text = readText(path, what);
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(what, `${JSON.stringify(path)} is not a delimited file: ${(err as Error).message}`, { cause: err });
  }
}
