/**
 * recommend() latency with memory stores and the hashing embedder (512 dims), for cache misses
 * (each request a user not asked before). Two setups per size: the default sources (content,
 * trending, ALS, item-kNN) and every source on (plus context, stated genres and the graph walk).
 * Usage: npx tsx bench/recommend.ts [items ...]   (default: 10000 100000)
 */
import { DEFAULTS, createEngine, type RecommendOptions } from '../src/index.js';
import { syntheticCatalog, syntheticEvents } from './synthetic.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const START = Date.UTC(2024, 0, 1);
const USERS = 2000;
const REQUESTS = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const SETUPS: Array<{ name: string; graph: number; options: RecommendOptions; trackBetween?: boolean }> = [
  { name: 'default sources', graph: 0, options: {} },
  // A live service tracks events between requests: trending and the graph change every time.
  { name: 'default sources, an event before each request', graph: 0, options: {}, trackBetween: true },
  {
    name: 'all sources',
    graph: 0.1,
    options: { context: { time: START + 31 * 86_400_000 + 20 * 3_600_000, device: 'tv', mood: 'excited' }, preferredGenres: ['Drama'] },
  },
];

const rows: string[] = [];
for (const items of sizes.length ? sizes : [10_000, 100_000]) {
  for (const setup of SETUPS) {
    const engine = await createEngine({ clock: () => START + 31 * 86_400_000, blend: { weights: { ...DEFAULTS.blend.weights, graph: setup.graph } } });
    const t0 = performance.now();
    await engine.upsertContent(syntheticCatalog(items));
    await engine.track(syntheticEvents(USERS, 20, items, START));
    await engine.fit({ tune: false }); // trains the model sources at their defaults
    const loadSeconds = (performance.now() - t0) / 1000;
    for (let i = 0; i < 20; i++) await engine.recommend(`user-${i}`, { count: 10, ...setup.options }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      if (setup.trackBetween) {
        await engine.track({ userId: `viewer-${i}`, contentId: `item-${(i * 7919) % items}`, type: 'complete', timestamp: START + 30 * 86_400_000 + i });
      }
      const started = performance.now();
      await engine.recommend(`user-${20 + ((i * 7) % (USERS - 20))}`, { count: 10, ...setup.options });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const heapMb = process.memoryUsage().heapUsed / 1e6;
    rows.push(
      `| ${items.toLocaleString('en')} | ${setup.name} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 95).toFixed(2)} | ${percentile(times, 99).toFixed(2)} | ${loadSeconds.toFixed(1)} | ${heapMb.toFixed(0)} |`,
    );
    await engine.close();
  }
}

console.log(
  `recommend() latency, memory stores, hashing embedder (512 dims), ${USERS * 20} events, MMR and exploration on, cache misses, count 10, ${REQUESTS} requests, node ${process.version}`,
);
console.log('');
console.log('| items | sources | p50 ms | p95 ms | p99 ms | load + fit s | heap MB |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
