import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { decode, detectDelimiter, parseGenreNames, parseInteractions, parseItems, readInteractionsFile, readItemsFile } from '../../../src/datasets/files.js';
import { ValidationError } from '../../../src/index.js';
import { fileWith, folderWith } from '../../fixtures/files.js';
import { thrownBy } from '../../fixtures/thrown.js';

describe('parseInteractions', () => {
  it('reads MovieTweetings/MovieLens-1M "::" lines with second timestamps', () => {
    expect(parseInteractions('1::0110912::9::1375657563\n2::0133093::7::1375657564\n')).toEqual([
      { userId: '1', itemId: '0110912', rating: 9, timestamp: 1375657563000 },
      { userId: '2', itemId: '0133093', rating: 7, timestamp: 1375657564000 },
    ]);
  });
  it('reads MovieLens-100K tab-separated u.data', () => {
    expect(parseInteractions('196\t242\t3\t881250949\n')).toEqual([{ userId: '196', itemId: '242', rating: 3, timestamp: 881250949000 }]);
  });
  it('reads CSV with a header and quoted fields, keeping millisecond timestamps', () => {
    const csv = 'userId,movieId,rating,timestamp\n"u,1",m1,4.5,1700000000000\nu2,m2,,\n';
    expect(parseInteractions(csv)).toEqual([
      { userId: 'u,1', itemId: 'm1', rating: 4.5, timestamp: 1700000000000 },
      { userId: 'u2', itemId: 'm2' },
    ]);
  });
  it('detects separators', () => {
    expect(detectDelimiter('a::b')).toBe('::');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('a,b')).toBe(',');
  });
});

describe('parseItems', () => {
  it('splits year from title and genres on |', () => {
    expect(parseItems('0110912::Pulp Fiction (1994)::Crime|Thriller\n0000001::Untitled::\n')).toEqual([
      { id: '0110912', title: 'Pulp Fiction', releaseYear: 1994, genres: ['Crime', 'Thriller'] },
      { id: '0000001', title: 'Untitled' },
    ]);
  });
  it('reads MovieLens CSV items with a header and quoted titles', () => {
    const csv = 'movieId,title,genres\n1,"Toy Story (1995)",Adventure|Animation\n2,"American President, The (1995)",Comedy\n';
    expect(parseItems(csv)).toEqual([
      { id: '1', title: 'Toy Story', releaseYear: 1995, genres: ['Adventure', 'Animation'] },
      { id: '2', title: 'American President, The', releaseYear: 1995, genres: ['Comedy'] },
    ]);
  });

  it("reads MovieLens-100K's u.item: genres from the 0/1 flags, the year from the title or the release date", () => {
    const flags = (set: number[]) => Array.from({ length: 19 }, (_, g) => (set.includes(g) ? '1' : '0')).join('|');
    const text = [
      `1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|${flags([3, 4, 5])}`,
      `267|unknown||||${flags([0])}`,
      `1300|"Jean de Florette"|01-Jan-1986||http://x|${flags([8])}`,
    ].join('\n');
    expect(parseItems(text)).toEqual([
      { id: '1', title: 'Toy Story', releaseYear: 1995, genres: ['Animation', "Children's", 'Comedy'] },
      { id: '267', title: 'unknown', genres: ['unknown'] },
      { id: '1300', title: '"Jean de Florette"', releaseYear: 1986, genres: ['Drama'] },
    ]);
  });

  it('names u.item flags from the u.genre beside it, and reads Latin-1 titles', () => {
    const dir = folderWith({
      'u.genre': 'Quiet|0\nLoud|1\n\n',
      // "Café" in Latin-1: 0xE9 is not UTF-8 on its own.
      'u.item': Buffer.concat([Buffer.from('7|Caf'), Buffer.from([0xe9]), Buffer.from(' (1990)|01-Jan-1990||url|0|1\n')]),
    });
    expect(readItemsFile(join(dir, 'u.item'))).toEqual([{ id: '7', title: 'Café', releaseYear: 1990, genres: ['Loud'] }]);
    expect(parseGenreNames('unknown|0\nAction|1\n')).toEqual(['unknown', 'Action']);
    expect(decode(Buffer.from('Caf\u00e9', 'utf8'))).toBe('Café');
  });

  it('reads ISO-8601 timestamps and leaves out what it would have to guess', () => {
    const csv = 'u1,m1,4,2020-01-01T10:00:00Z\nu2,m2,3,2020-02-30\nu3,m3,5,hello 2\n';
    expect(parseInteractions(csv)).toEqual([
      { userId: 'u1', itemId: 'm1', rating: 4, timestamp: Date.UTC(2020, 0, 1, 10) },
      { userId: 'u2', itemId: 'm2', rating: 3 },
      { userId: 'u3', itemId: 'm3', rating: 5 },
    ]);
  });

  it('names the option when a file is not delimited text', () => {
    const refused = thrownBy(() => readInteractionsFile(fileWith('notes.csv', 'a,"b"c,d\n')));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).field).toBe('--ratings');
  });
});
