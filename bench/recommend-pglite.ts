/**
 * recommend() latency with PGlite stores (the embedded default) for a 10k-item catalogue, all
 * sources on. Usage: npx tsx bench/recommend-pglite.ts [items]
 */
import { createEngine } from '../src/index.js';
import { createPgliteStores } from '../src/stores/pglite/index.js';
import { syntheticCatalog, syntheticEvents } from './synthetic.js';

const items = Number(process.argv[2] ?? 10_000);
const START = Date.UTC(2024, 0, 1);
const REQUESTS = 300;
const pg = await createPgliteStores({ dimension: 512 });
const engine = await createEngine({ stores: pg.stores, clock: () => START + 31 * 86_400_000 });
const t0 = performance.now();
await engine.upsertContent(syntheticCatalog(items));
await engine.track(syntheticEvents(500, 20, items, START));
await engine.fit();
const load = (performance.now() - t0) / 1000;
for (let i = 0; i < 10; i++) await engine.recommend(`user-${i}`);
async function measure(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await engine.recommend(`user-${(i * 7) % 500}`, { count: 10 });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}
const misses = await measure(); // each user's first request: computed, then cached
const hits = await measure(); // the same requests again: served from the cache
const p = (times: number[], q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
console.log(
  `recommend() latency, PGlite stores (in memory, pgvector HNSW), ${items} items, 10,000 events, all sources and MMR, ${REQUESTS} requests, node ${process.version}`,
);
console.log('');
console.log('| items | requests | p50 ms | p95 ms | p99 ms | load + fit s |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
console.log(`| ${items.toLocaleString('en')} | first per user (computed) | ${p(misses, 0.5)} | ${p(misses, 0.95)} | ${p(misses, 0.99)} | ${load.toFixed(1)} |`);
console.log(`| ${items.toLocaleString('en')} | repeated (cache hit) | ${p(hits, 0.5)} | ${p(hits, 0.95)} | ${p(hits, 0.99)} | |`);
await engine.close();
await pg.close();
