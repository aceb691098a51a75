/**
 * A small, language-agnostic word tokenizer: Unicode normalisation (NFKD, diacritics removed),
 * lower case, split on anything that is not a letter or digit, common English stop words
 * dropped. One-character tokens are kept: titles such as "Q", "M" or "9" are nothing else, and
 * without them such an item's vector would be all genre and match every taste best.
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i in into is it its of on or our ' +
    'she so than that the their them then there these they this to was we were what when which ' +
    'who will with you your s t'
  ).split(' '),
);

const SPLIT = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;

/** Splits `text` into normalised word tokens, without stop words unless `keepStopWords`. */
export function tokenize(text: string, keepStopWords = false): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFKD').replace(MARKS, '').toLowerCase().split(SPLIT)) {
    if (raw.length === 0 || (!keepStopWords && STOP_WORDS.has(raw))) continue;
    out.push(raw);
  }
  return out;
}

export { fnv1a32 } from '../core/fnv.js';
