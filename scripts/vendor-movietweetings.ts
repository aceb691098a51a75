/**
 * Rebuilds data/movietweetings/ from the MovieTweetings 100K snapshot: keeps the ratings of users
 * with at least 5 ratings and the movies they rated, gzipped. Deterministic: same input, same
 * bytes. Usage: tsx scripts/vendor-movietweetings.ts [path/to/movietweetings-100k]
 */
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const source = resolve(process.argv[2] ?? '../shared/data/movietweetings-100k');
const target = resolve('data/movietweetings');
const MIN_RATINGS = 5;

const ratings = readFileSync(join(source, 'ratings.dat'), 'utf8').split('\n').filter(Boolean);
const perUser = new Map<string, number>();
for (const line of ratings) {
  const user = line.slice(0, line.indexOf('::'));
  perUser.set(user, (perUser.get(user) ?? 0) + 1);
}
const kept = ratings.filter((line) => (perUser.get(line.slice(0, line.indexOf('::'))) ?? 0) >= MIN_RATINGS);
const items = new Set(kept.map((line) => line.split('::')[1]));
const movies = readFileSync(join(source, 'movies.dat'), 'utf8')
  .split('\n')
  .filter((line) => line && items.has(line.slice(0, line.indexOf('::'))));

mkdirSync(target, { recursive: true });
const gz = (text: string) => gzipSync(Buffer.from(text, 'utf8'), { level: 9, mtime: 0 } as never);
writeFileSync(join(target, 'ratings.dat.gz'), gz(kept.join('\n') + '\n'));
writeFileSync(join(target, 'movies.dat.gz'), gz(movies.join('\n') + '\n'));
copyFileSync(join(source, 'LICENSE'), join(target, 'LICENSE'));
console.log(`kept ${kept.length} of ${ratings.length} ratings, ${movies.length} movies, ${[...perUser.values()].filter((n) => n >= MIN_RATINGS).length} users`);
