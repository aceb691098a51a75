/**
 * The demo: a real catalogue and real ratings (the bundled MovieTweetings subset) through the
 * whole engine on its zero-configuration default, then recommendations with their reasons.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseMovies, parseRatings } from '../datasets/movietweetings.js';
import { createEngine } from '../engine/engine.js';
import type { ViewingEvent } from '../engine/inputs.js';
import { bundledDataDir } from './data-dir.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** How many users to show. @default 3 */
  users?: number;
  /** Recommendations per user. @default 5 */
  count?: number;
  /** Where to print. @default console.log */
  print?: (line: string) => void;
  /** Seconds the tuner may take in the demo's fit. @default 8 */
  tuneSeconds?: number;
}

const DAY = 86_400_000;

export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const count = options.count ?? 5;
  const started = performance.now();
  let last = started;
  // Each stage's own time, not the running total.
  const lap = () => {
    const now = performance.now();
    const took = `${((now - last) / 1000).toFixed(1)} s`;
    last = now;
    return took;
  };

  const dir = bundledDataDir('movietweetings');
  const read = (file: string) => gunzipSync(readFileSync(join(dir, file))).toString('utf8');
  const movies = parseMovies(read('movies.dat.gz'));
  const ratings = parseRatings(read('ratings.dat.gz'));
  const lastRating = ratings.reduce((max, r) => Math.max(max, r.timestamp), 0);
  print(`SONA demo: MovieTweetings (Dooms et al., CrowdRec 2013), ${movies.length} movies, ${ratings.length} ratings`);

  // Replay the data set as if it were the day after its last rating, on IMDb's 0-10 scale.
  const engine = await createEngine({ ratingScale: { min: 0, max: 10 }, clock: () => lastRating + DAY });
  await engine.upsertContent(movies);
  print(`  catalogue embedded (hashing embedder, ${engine.embedder.dimension} dims)   ${lap()}`);
  const events: ViewingEvent[] = ratings.map((r) => ({
    userId: r.userId,
    contentId: r.itemId,
    type: 'rate',
    rating: r.rating,
    timestamp: r.timestamp,
  }));
  const tracked = await engine.track(events);
  print(`  ${tracked.stored} rating events tracked, profiles built                ${lap()}`);
  // A short tuning budget keeps the demo quick; a host's fit() takes 40 s by default.
  const report = await engine.fit({ tune: { budgetSeconds: options.tuneSeconds ?? 8 } });
  const t = report.tuning;
  const lead = t.chosen?.segments?.find((s) => s.name === 'heavy') ?? t.chosen?.segments?.[0];
  const mix = lead
    ? Object.entries(lead.weights)
        .filter(([n, w]) => w > 0 && t.scores?.sources[n] !== undefined)
        .map(([n, w]) => `${n} ${Math.round(w * 100)}%`)
        .join(', ')
    : 'defaults';
  print(`  fit: tuned on ${t.validation?.users ?? 0} held-out users (blend ${mix}), ${report.profiles} profiles   ${lap()}`);

  const titles = new Map(movies.map((m) => [m.id, m.releaseYear ? `${m.title} (${m.releaseYear})` : m.title]));
  const byUser = new Map<string, typeof ratings>();
  for (const r of ratings) {
    let list = byUser.get(r.userId);
    if (!list) byUser.set(r.userId, (list = []));
    list.push(r);
  }
  // Users with a rich history make the output easy to judge: pick a few deterministically.
  const users = [...byUser.entries()]
    .filter(([, list]) => list.length >= 25 && list.length <= 60)
    .sort(([a], [b]) => Number(a) - Number(b))
    .slice(0, options.users ?? 3);

  for (const [userId, list] of users) {
    const loved = [...list].sort((a, b) => b.rating - a.rating || b.timestamp - a.timestamp).slice(0, 3);
    print('');
    print(`User ${userId}: ${list.length} ratings; loved ${loved.map((r) => `${titles.get(r.itemId)} ${r.rating}/10`).join(', ')}`);
    const recs = await engine.recommend(userId, { count });
    recs.forEach((rec, i) => {
      const mix = rec.sources.map((s) => `${s.source} ${Math.round(s.share * 100)}%`).join(' + ');
      print(`  ${i + 1}. ${titles.get(rec.itemId)}  [${mix}]  ${rec.explanation}`);
    });
  }

  const newcomer = await engine.recommend('someone-new', { count: 3 });
  print('');
  print(`A new user (no history): ${newcomer.map((r) => `${titles.get(r.itemId)} (${r.explanation})`).join('; ')}`);

  const anchor = movies.find((m) => m.title === 'The Dark Knight Rises') ?? movies[0]!;
  const similar = await engine.similarItems(anchor.id, { count: 5 });
  print(`Similar to ${titles.get(anchor.id)}: ${similar.map((s) => `${titles.get(s.itemId)} ${s.score.toFixed(2)}`).join('; ')}`);
  print('');
  print(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  await engine.close();
}
