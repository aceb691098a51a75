/**
 * Readers for the interaction and item files people bring: MovieLens `u.data` (tab),
 * MovieLens/MovieTweetings `ratings.dat` (`::`), and CSV with or without a header. Columns are
 * user, item, rating, timestamp (seconds, milliseconds or ISO-8601); items are id, title, genres
 * (`|`-separated). Gzipped files are read as they are.
 */
import { readFileSync } from 'node:fs';
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

function rows(text: string, delimiter = detectDelimiter(text)): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    // '::' files are not CSV: a title may contain quotes, so quoting is off for them.
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
  const table = rows(text);
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

/** Parses an items text: id, title (with an optional "(year)"), genres separated by `|`. */
export function parseItems(text: string): ContentItem[] {
  const delimiter = detectDelimiter(text);
  const out: ContentItem[] = [];
  for (const [i, cells] of rows(text, delimiter === '|' ? '|' : delimiter).entries()) {
    const [id, rawTitle = '', genres = ''] = cells;
    if (!id || (i === 0 && /^(movie|item)?_?id$/i.test(id))) continue;
    const match = YEAR.exec(rawTitle);
    const item: ContentItem = { id, title: (match ? match[1]! : rawTitle).trim() || id };
    if (match) item.releaseYear = Number(match[2]);
    const list =
      delimiter === '|'
        ? []
        : genres
            .split('|')
            .map((g) => g.trim())
            .filter(Boolean);
    if (list.length > 0) item.genres = list;
    out.push(item);
  }
  return out;
}

/** A text file, gunzipped when it is gzip (by its magic bytes, whatever its name). */
function readText(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ValidationError(what, `cannot read ${JSON.stringify(path)}`, { cause: err });
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (err) {
    throw new ValidationError(what, `${JSON.stringify(path)} is not a readable gzip file`, { cause: err });
  }
}

/** Reads an interactions file; throws a ValidationError naming the option when unreadable or empty. */
export function readInteractionsFile(path: string): Interaction[] {
  const data = parsed(path, '--ratings', parseInteractions);
  if (data.length === 0) throw new ValidationError('--ratings', `no interactions found in ${JSON.stringify(path)}`);
  return data;
}

/** Reads an items file. */
export function readItemsFile(path: string): ContentItem[] {
  return parsed(path, '--items', parseItems);
}

/** The file at `path` read by `parse`; a file it cannot read as delimited text is a ValidationError naming `what`. */
function parsed<T>(path: string, what: string, parse: (text: string) => T): T {
  const text = readText(path, what);
  try {
    return parse(text);
  } catch (err) {
    throw new ValidationError(what, `${JSON.stringify(path)} is not a delimited file: ${(err as Error).message}`, { cause: err });
  }
}
