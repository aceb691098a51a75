/**
 * Writes a synthetic data set in MovieLens-100K's layout (`u.data`, `u.item`, `u.genre`,
 * `u.user`) whose viewers' tastes follow their demographics, so that the readers and the
 * cold-start bench's demographics arm can run end to end here, where no public data set with
 * demographics may be kept. Planted: each age band × gender group favours three genres and each
 * occupation one more; a viewer's own taste mixes the group's with genres of their own; the zip
 * code says nothing. Items are Zipf-popular, and a viewer picks among them by popularity and by
 * how well the item's genres suit them. Viewers arrive over a year and watch over the weeks
 * after. Its numbers say the mechanisms work on planted structure, nothing about real viewers.
 * Usage: npx tsx bench/movielens-like.ts <directory> [users] [items] [seed]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOVIELENS_100K_GENRES } from '../src/datasets/files.js';
import { ageBand } from '../src/datasets/users.js';
import { seededRandom } from '../src/core/random.js';

const OCCUPATIONS = ['student', 'engineer', 'educator', 'artist', 'healthcare', 'retired', 'writer', 'programmer', 'homemaker', 'other'];
const DAY = 86_400;
const START = 880_000_000; // seconds, as u.data stamps them (1997)

/** The four files' texts for `users` viewers and `items` items. */
export function movielensLike(users: number, items: number, seed = 5): Record<'u.data' | 'u.item' | 'u.genre' | 'u.user', string> {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const genres = MOVIELENS_100K_GENRES.length;
  const favourites = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(random() * (genres - 1)));
  const groupTaste = new Map<string, number[]>();
  const occupationTaste = new Map(OCCUPATIONS.map((o) => [o, favourites(1)]));
  const itemGenres = Array.from({ length: items }, () => [...new Set(favourites(1 + Math.floor(random() * 3)))]);
  // Zipf popularity, shuffled so that ids say nothing.
  const popularity = Array.from({ length: items }, (_, i) => 1 / (i + 1) ** 0.9).sort(() => random() - 0.5);
  const userRows: string[] = [];
  const dataRows: Array<[number, string]> = [];
  for (let u = 1; u <= users; u++) {
    const age = 15 + Math.floor(random() * 55);
    const gender = random() < 0.5 ? 'M' : 'F';
    const occupation = pick(OCCUPATIONS);
    userRows.push(`${u}|${age}|${gender}|${occupation}|${String(Math.floor(random() * 100_000)).padStart(5, '0')}`);
    const group = `${ageBand(age)}/${gender}`;
    if (!groupTaste.has(group)) groupTaste.set(group, favourites(3));
    const liked = new Set([...groupTaste.get(group)!, ...occupationTaste.get(occupation)!, ...favourites(2)]);
    const appeal = itemGenres.map((gs, i) => popularity[i]! * Math.exp(2.5 * gs.filter((g) => liked.has(g)).length));
    const total = appeal.reduce((a, b) => a + b, 0);
    const arrived = START + Math.floor(random() * 365 * DAY);
    const watched = new Set<number>();
    const events = 8 + Math.floor(-Math.log(1 - random()) * 25);
    for (let e = 0; e < events && watched.size < items; e++) {
      let r = random() * total;
      let i = 0;
      while (i < items - 1 && (r -= appeal[i]!) > 0) i++;
      if (watched.has(i)) continue;
      watched.add(i);
      const at = arrived + Math.floor(random() * 60 * DAY);
      dataRows.push([at, `${u}\t${i + 1}\t${3 + Math.floor(random() * 3)}\t${at}`]);
    }
  }
  const itemRows = itemGenres.map((gs, i) => {
    const year = 1950 + Math.floor(random() * 48);
    const flags = Array.from({ length: genres }, (_, g) => (gs.includes(g) ? '1' : '0')).join('|');
    return `${i + 1}|Film ${i + 1} (${year})|01-Jan-${year}||http://example.org/${i + 1}|${flags}`;
  });
  return {
    'u.data': dataRows.map(([, row]) => row).join('\n') + '\n',
    'u.item': itemRows.join('\n') + '\n',
    'u.genre': MOVIELENS_100K_GENRES.map((g, i) => `${g}|${i}`).join('\n') + '\n',
    'u.user': userRows.join('\n') + '\n',
  };
}

if (process.argv[1]?.endsWith('movielens-like.ts')) {
  const [dir, users = '2000', items = '1600', seed = '5'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npx tsx bench/movielens-like.ts <directory> [users] [items] [seed]');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(movielensLike(Number(users), Number(items), Number(seed)))) writeFileSync(join(dir, name), text);
  console.log(`wrote ${dir}/u.data, u.item, u.genre, u.user`);
}
