/**
 * A digest of the engine's responses on a rating file: the untuned engine (`fit({ tune: false })`,
 * deterministic) serves 3,000 test users of the stratified 75/25 split twice (the second time
 * from kept lists) and prints a SHA-256 of every item, score, explanation and source share.
 * Run it on two commits: equal digests mean a change left every response as it was, which is
 * how a speed change shows "quality unchanged".
 * Usage: npx tsx bench/responses-digest.ts [ratings file] [items file]
 */
import { createHash } from 'node:crypto';
import { readInteractionsFile, readItemsFile } from '../src/datasets/files.js';
import { splitInteractions } from '../src/evaluation/index.js';
import { createEngine } from '../src/index.js';
const interactions = readInteractionsFile(process.argv[2] ?? '../shared/data/movietweetings-100k/ratings.dat');
const items = readItemsFile(process.argv[3] ?? '../shared/data/movietweetings-100k/movies.dat');
const split = splitInteractions(interactions, { method: 'stratified-item', ratio: 0.75, seed: 42 });
const last = split.train.reduce((m, x) => Math.max(m, x.timestamp ?? 0), 0);
const engine = await createEngine({ clock: () => last + 86_400_000, cache: { enabled: false } });
await engine.upsertContent(items);
const known = new Set(items.map((i) => i.id));
await engine.track(
  split.train
    .filter((x) => known.has(x.itemId))
    .map((x) => ({ userId: x.userId, contentId: x.itemId, type: 'complete' as const, timestamp: x.timestamp ?? last })),
);
await engine.fit({ tune: false });
const users = [...new Set(split.test.map((x) => x.userId))].slice(0, 3000);
const h = createHash('sha256');
for (let pass = 0; pass < 2; pass++)
  for (const u of users) h.update(JSON.stringify((await engine.recommend(u, { count: 10 })).map((r) => [r.itemId, r.score, r.explanation, r.sources])));
console.log(h.digest('hex'));
await engine.close();
