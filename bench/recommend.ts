/**
 * recommend() latency with the zero-configuration engine (memory stores, hashing embedder, all
 * four sources on: content, trending, ALS, item-kNN). Usage: npx tsx bench/recommend.ts [items ...]   (default: 10000 100000)
 */
import { createEngine } from '../src/index.js';
import { syntheticCatalog, syntheticEvents } from './synthetic.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const START = Date.UTC(2024, 0, 1);
const REQUESTS = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const rows: string[] = [];
for (const items of sizes.length ? sizes : [10_000, 100_000]) {
  const engine = await createEngine({ clock: () => START + 31 * 86_400_000 });
  const t0 = performance.now();
  await engine.upsertContent(syntheticCatalog(items));
  const users = 2000;
  await engine.track(syntheticEvents(users, 20, items, START));
  await engine.fit(); // trains ALS and item-kNN, so all four sources run
  const loadSeconds = (performance.now() - t0) / 1000;
  for (let i = 0; i < 20; i++) await engine.recommend(`user-${i}`, { count: 10 }); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await engine.recommend(`user-${(i * 7) % users}`, { count: 10 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  rows.push(`| ${items.toLocaleString('en')} | ${users * 20} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 95).toFixed(2)} | ${percentile(times, 99).toFixed(2)} | ${loadSeconds.toFixed(1)} | ${heapMb.toFixed(0)} |`);
  await engine.close();
}

console.log(`recommend() latency, memory stores, hashing embedder (512 dims), all sources, count 10, ${REQUESTS} requests, node ${process.version}`);
console.log('');
console.log('| items | events | p50 ms | p95 ms | p99 ms | load + fit s | heap MB |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
