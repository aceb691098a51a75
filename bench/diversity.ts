/**
 * The price of variety on MovieTweetings: the engine at its defaults (no tuning), the genre cap
 * from none to 40% and MMR's λ from 1 (relevance only) down, for every test user of the stratified-by-item 75/25 split that
 * `sona evaluate` uses (coverage over the items with training data, as for the models): nDCG@10 against diversity by genre and by factors, coverage and novelty.
 * The knee is the pair most diverse by genre whose nDCG@10 stays within 2% of the best (the
 * rule fit()'s tuner applies on the host's own validation split, there with the engine's own
 * similarity).
 * Usage: npx tsx bench/diversity.ts [ratings file] [items file]
 */
import { createEngine, type ViewingEvent } from '../src/index.js';
import { readInteractionsFile, readItemsFile } from '../src/datasets/files.js';
import { beyondAccuracy, referenceSpace } from '../src/evaluation/beyond.js';
import { itemsByUser, rankingMetrics } from '../src/evaluation/metrics.js';
import { trainMatrix } from '../src/evaluation/runner.js';
import { splitInteractions } from '../src/evaluation/splits.js';

const ratingsPath = process.argv[2] ?? '../shared/data/movietweetings-100k/ratings.dat';
const itemsPath = process.argv[3] ?? '../shared/data/movietweetings-100k/movies.dat';
const LAMBDAS = [1, 0.9, 0.7, 0.5];
/** Genre caps: none, then tighter. */
const SHARES = [1, 0.6, 0.5, 0.4];
const USERS = Infinity; // every test user: coverage is of all users' lists
const K = 10;

const items = readItemsFile(itemsPath);
const split = splitInteractions(readInteractionsFile(ratingsPath), { method: 'stratified-item', ratio: 0.75, seed: 42 });
const known = new Set(items.map((i) => i.id));
const last = split.train.reduce((m, x) => Math.max(m, x.timestamp ?? 0), 0);
const engine = await createEngine({ clock: () => last + 86_400_000, cache: { enabled: false } });
await engine.upsertContent(items);
const events: ViewingEvent[] = split.train
  .filter((x) => known.has(x.itemId))
  .map((x) => ({ userId: x.userId, contentId: x.itemId, type: 'complete', timestamp: x.timestamp ?? last }));
await engine.track(events);
await engine.fit({ tune: false });
const trained = new Set(events.map((e) => e.userId));
const relevant = new Map([...itemsByUser(split.test)].filter(([u]) => trained.has(u)));
const users = [...relevant.keys()].sort().slice(0, USERS);
const scored = new Map(users.map((u) => [u, relevant.get(u)!]));
const genres = new Map(items.map((i) => [i.id, i.genres ?? []]));
const space = await referenceSpace(trainMatrix(split.train), (id) => genres.get(id));

const rows: Array<{ lambda: number; share: number; ndcg: number; genre: number; line: string }> = [];
for (const share of SHARES) {
  // Another engine on the same stores serves the same fitted models with another genre cap.
  const variant = await createEngine({
    stores: engine.stores,
    embedder: engine.embedder,
    clock: () => last + 86_400_000,
    cache: { enabled: false },
    diversity: { maxGenreShare: share },
  });
  for (const lambda of LAMBDAS) {
    const predictions = new Map<string, string[]>();
    let reported = 0;
    const started = performance.now();
    for (const user of users) {
      const r = await variant.recommendDetailed(user, { count: K, diversity: lambda });
      predictions.set(
        user,
        r.items.map((i) => i.itemId),
      );
      reported += r.diversity;
    }
    const ms = (performance.now() - started) / users.length;
    const m = rankingMetrics(scored, predictions, K, space.matrix.items.size);
    const b = beyondAccuracy(predictions, scored, K, space);
    rows.push({
      lambda,
      share,
      ndcg: m.ndcg,
      genre: b.genreDiversity!,
      line: `| ${share === 1 ? 'none' : `${share * 100}%`} | ${lambda} | ${m.ndcg.toFixed(4)} | ${m.recall.toFixed(4)} | ${m.coverage.toFixed(3)} | ${b.novelty.toFixed(2)} | ${b.genreDiversity!.toFixed(3)} | ${b.factorDiversity.toFixed(3)} | ${(reported / users.length).toFixed(3)} | ${ms.toFixed(2)} |`,
    });
  }
  await variant.close();
}
const best = Math.max(...rows.map((r) => r.ndcg));
const knee = rows.filter((r) => r.ndcg >= best * 0.98).reduce((a, b) => (b.genre > a.genre ? b : a));

console.log(`MovieTweetings, stratified-item 75/25 split (seed 42), engine at defaults without tuning, ${users.length} test users, k = ${K}`);
console.log('');
console.log('| genre cap | λ | nDCG@10 | R@10 | coverage | novelty (bits) | diversity by genre | diversity by factors | diversity reported | ms / request |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r.line);
console.log('');
console.log(
  `Best nDCG@10 ${best.toFixed(4)}; the most diverse by genre within 2% of it: genre cap ${knee.share === 1 ? 'none' : `${knee.share * 100}%`}, λ ${knee.lambda} (nDCG@10 ${knee.ndcg.toFixed(4)}, diversity by genre ${knee.genre.toFixed(3)}).`,
);
await engine.close();
