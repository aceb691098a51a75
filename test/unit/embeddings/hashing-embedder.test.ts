import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { cosine, norm } from '../../../src/core/vector.js';
import { HashingEmbedder } from '../../../src/embeddings/hashing-embedder.js';
import { fnv1a32, tokenize } from '../../../src/embeddings/tokenize.js';

describe('tokenize', () => {
  it('lower-cases, strips accents and drops stop words', () => {
    expect(tokenize("Amélie's CAFÉ: the best of Paris!")).toEqual(['amelie', 'cafe', 'best', 'paris']);
  });
  it('keeps one-character titles', () => {
    expect(tokenize('Q')).toEqual(['q']);
    expect(tokenize('C.R.A.Z.Y.')).toEqual(['c', 'r', 'z', 'y']);
  });
  it('keeps digits and non-Latin letters', () => {
    expect(tokenize('Blade Runner 2049 東京')).toEqual(['blade', 'runner', '2049', '東京']);
  });
});

describe('fnv1a32', () => {
  it('matches the published FNV-1a test values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('HashingEmbedder', () => {
  it('puts a single word at its hashed slot with weight ±1', async () => {
    const e = new HashingEmbedder({ dimension: 64 });
    const [v] = await e.embed(['heat']);
    const slot = fnv1a32('heat') % 64;
    expect(Math.abs(v![slot]!)).toBeCloseTo(1, 6);
    expect(Array.from(v!).filter((x) => x !== 0)).toHaveLength(1);
  });

  it('returns unit vectors of the configured dimension, deterministically', async () => {
    const e = new HashingEmbedder({ dimension: 128 });
    const [a, b] = await e.embed(['Heat. Genres: Crime, Thriller.', 'Heat. Genres: Crime, Thriller.']);
    expect(a).toHaveLength(128);
    expect(norm(a!)).toBeCloseTo(1, 6);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('gives an all-zero vector for text without tokens', async () => {
    const [v] = await new HashingEmbedder().embed(['!!! ?']);
    expect(norm(v!)).toBe(0);
  });

  it('places texts that share words closer than unrelated ones', async () => {
    const e = new HashingEmbedder();
    const [heat, ronin, toy] = await e.embed([
      'Heat. Genres: Crime, Thriller. Starring Robert De Niro.',
      'Ronin. Genres: Action, Crime, Thriller. Starring Robert De Niro.',
      'Toy Story. Genres: Animation, Comedy, Family.',
    ]);
    expect(cosine(heat!, ronin!)).toBeGreaterThan(0.4);
    expect(Math.abs(cosine(heat!, toy!))).toBeLessThan(0.2);
  });

  it('after fit, a shared rare word counts more than a shared common word', async () => {
    const e = new HashingEmbedder({ bigrams: false });
    const corpus = ['drama one', 'drama two', 'drama three', 'drama heist', 'comedy heist', 'drama alpha'];
    const before = e.modelId;
    e.fit(corpus);
    expect(e.modelId).not.toBe(before);
    const [common, rare, query] = await e.embed(['drama xx', 'heist yy', 'drama heist']);
    expect(cosine(query!, rare!)).toBeGreaterThan(cosine(query!, common!));
  });

  it('refuses a bad dimension', () => {
    expect(() => new HashingEmbedder({ dimension: 0 })).toThrow(ConfigurationError);
    expect(() => new HashingEmbedder({ dimension: 1.5 })).toThrow(ConfigurationError);
  });
});
