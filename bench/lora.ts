/**
 * Per-user LoRA adapters: training time, load/save time, and whether they help.
 * 1. Training time per user at d = 384, r = 8, 200 events (synthetic catalogue, memory stores).
 * 2. Save / load time of an adapter blob, memory and PGlite repositories.
 * 3. On the bundled MovieTweetings subset: users with at least 20 ratings, each user's latest 20%
 *    held out; per-user nDCG@10 of recommend() with and without their adapter (both engines share
 *    the same stores, fitted models and embedder), with a paired t-test on the differences.
 * Usage: npx tsx bench/lora.ts [users=300]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bundledDataDir } from '../src/cli/data-dir.js';
import { parseMovies, parseRatings } from '../src/datasets/movietweetings.js';
import { rankingMetrics } from '../src/evaluation/metrics.js';
import { studentTCdf } from '../src/experiments/statistics/distributions.js';
import { createEngine, type ViewingEvent } from '../src/index.js';
import { HashingEmbedder } from '../src/embeddings/index.js';
import { createMemoryStores } from '../src/stores/memory/index.js';
import { createPgliteStores } from '../src/stores/pglite/index.js';
import { syntheticCatalog } from './synthetic.js';

const MAX_USERS = Number(process.argv[2] ?? 300);
const T0 = Date.UTC(2024, 0, 1);
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

// 1. Training time.
{
  const engine = await createEngine({ embedder: new HashingEmbedder({ dimension: 384 }), clock: () => T0 });
  await engine.upsertContent(syntheticCatalog(5000));
  const times: number[] = [];
  for (let u = 0; u < 25; u++) {
    const events: ViewingEvent[] = Array.from({ length: 200 }, (_, i) => ({
      userId: `u${u}`,
      contentId: `item-${(u * 997 + i * 31) % 5000}`,
      type: i % 7 === 0 ? 'dismiss' : 'complete',
      timestamp: T0 - (200 - i) * 60_000,
    }));
    await engine.track(events);
    const t = performance.now();
    await engine.trainAdapter(`u${u}`);
    // The first five users warm the JIT up; the table reports the steady state.
    if (u >= 5) times.push(performance.now() - t);
  }
  console.log('LoRA adapter training, d = 384, r = 8, 200 events per user (20 users after 5 warm-up users), node ' + process.version);
  console.log('');
  console.log('| step | p50 ms | p95 ms |');
  console.log('| --- | ---: | ---: |');
  console.log(`| trainAdapter (examples, Adam with early stop, save) | ${pct(times, 0.5).toFixed(1)} | ${pct(times, 0.95).toFixed(1)} |`);
  await engine.close();
}

// 2. Save / load.
{
  const blob = new Uint8Array(8 + 2 * 384 * 8 * 4 + 200);
  console.log('');
  console.log('| repository | save p50 ms | latest() p50 ms |');
  console.log('| --- | ---: | ---: |');
  const pg = await createPgliteStores({ dimension: 384 });
  for (const [name, repo] of [
    ['memory', createMemoryStores({ dimension: 384 }).adapters],
    ['PGlite', pg.stores.adapters],
  ] as const) {
    const save: number[] = [];
    const load: number[] = [];
    for (let i = 0; i < 50; i++) {
      let t = performance.now();
      await repo.save(`user-${i}`, 'default', blob, 1);
      save.push(performance.now() - t);
      t = performance.now();
      await repo.latest(`user-${i}`, 'default');
      load.push(performance.now() - t);
    }
    console.log(`| ${name} | ${pct(save, 0.5).toFixed(2)} | ${pct(load, 0.5).toFixed(2)} |`);
  }
  await pg.close();
}

// 3. Do adapters help? MovieTweetings.
{
  const dir = bundledDataDir('movietweetings');
  const read = (file: string) => gunzipSync(readFileSync(join(dir, file))).toString('utf8');
  const movies = parseMovies(read('movies.dat.gz'));
  const ratings = parseRatings(read('ratings.dat.gz'));
  const byUser = new Map<string, typeof ratings>();
  for (const r of ratings) {
    let list = byUser.get(r.userId);
    if (!list) byUser.set(r.userId, (list = []));
    list.push(r);
  }
  const train: ViewingEvent[] = [];
  const heldOut = new Map<string, Set<string>>();
  for (const [userId, list] of byUser) {
    list.sort((a, b) => a.timestamp - b.timestamp);
    const cut = list.length >= 20 ? Math.floor(list.length * 0.8) : list.length;
    for (const r of list.slice(0, cut)) train.push({ userId, contentId: r.itemId, type: 'rate', rating: r.rating, timestamp: r.timestamp });
    if (cut < list.length) heldOut.set(userId, new Set(list.slice(cut).map((r) => r.itemId)));
  }
  const end = Math.max(...ratings.map((r) => r.timestamp)) + 86_400_000;
  const options = { ratingScale: { min: 0, max: 10 }, clock: () => end };
  const base = await createEngine(options);
  await base.upsertContent(movies);
  await base.track(train);
  await base.fit();
  const adapted = await createEngine({ ...options, stores: base.stores, embedder: base.embedder, adapters: { enabled: true } });
  const users = [...heldOut.keys()].sort().slice(0, MAX_USERS);
  const diffs: number[] = [];
  let sumBase = 0;
  let sumAdapted = 0;
  const trainMs: number[] = [];
  for (const userId of users) {
    const report = await adapted.trainAdapter(userId);
    trainMs.push(report.milliseconds);
    const truth = new Map([[userId, heldOut.get(userId)!]]);
    const a = rankingMetrics(truth, new Map([[userId, (await base.recommend(userId, { count: 10 })).map((r) => r.itemId)]]), 10, movies.length).ndcg;
    const b = rankingMetrics(truth, new Map([[userId, (await adapted.recommend(userId, { count: 10 })).map((r) => r.itemId)]]), 10, movies.length).ndcg;
    sumBase += a;
    sumAdapted += b;
    diffs.push(b - a);
  }
  const n = diffs.length;
  const mean = diffs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const t = sd > 0 ? mean / (sd / Math.sqrt(n)) : 0;
  const p = sd > 0 ? 2 * studentTCdf(-Math.abs(t), n - 1) : 1;
  console.log('');
  console.log(
    `MovieTweetings subset (${movies.length} movies, ${ratings.length} ratings): ${n} users with >= 20 ratings, latest 20% held out, full hybrid recommend() after fit()`,
  );
  console.log('');
  console.log('| recommend() | mean nDCG@10 |');
  console.log('| --- | ---: |');
  console.log(`| without adapter | ${(sumBase / n).toFixed(4)} |`);
  console.log(`| with adapter (boost 0.3) | ${(sumAdapted / n).toFixed(4)} |`);
  console.log('');
  console.log(
    `Paired difference ${mean.toFixed(4)} (t = ${t.toFixed(2)}, p = ${p.toFixed(3)}); better for ${diffs.filter((d) => d > 0).length}, worse for ${diffs.filter((d) => d < 0).length}, equal for ${diffs.filter((d) => d === 0).length} users. Training p50 ${pct(trainMs, 0.5).toFixed(1)} ms (512-d hashing embedder).`,
  );
  await base.close();
  await adapted.close();
}
