/**
 * ALS training throughput and fold-in latency at 64 factors.
 * GFLOP/s uses the conjugate-gradient cost model of the issue: 10·(n+m)·f² + 32·f·N flops per
 * iteration (n users, m items, N interactions).
 * Usage: npx tsx bench/als.ts [ratings file]   (default: ../shared/data/movietweetings-100k/ratings.dat)
 */
import { existsSync } from 'node:fs';
import { fitAls, foldInUser, gramian } from '../src/algorithms/cf/als.js';
import { fitAlsParallel } from '../src/algorithms/cf/als-parallel.js';
import { buildInteractionMatrix, row, type InteractionMatrix } from '../src/algorithms/cf/matrix.js';
import { seededRandom } from '../src/core/random.js';
import { readInteractionsFile } from '../src/datasets/files.js';

const FACTORS = 64;
const ITERATIONS = 5;

function synthetic(users: number, items: number, interactions: number): InteractionMatrix {
  const random = seededRandom(3);
  function* records() {
    for (let k = 0; k < interactions; k++) {
      // Power-law items, uniform users: the shape of real viewing data.
      yield { userId: `u${Math.floor(random() * users)}`, itemId: `i${Math.floor(Math.pow(random(), 2) * items)}`, value: 1 };
    }
  }
  return buildInteractionMatrix(records());
}

async function measure(name: string, m: InteractionMatrix, threads: number): Promise<string> {
  const n = m.users.size;
  const items = m.items.size;
  const nnz = m.userItems.indices.length;
  const times: number[] = [];
  const started = performance.now();
  const options = { factors: FACTORS, iterations: ITERATIONS, alpha: 15, regularization: 10, cgSteps: 3, seed: 42 };
  const onIteration = (_i: number, s: number) => times.push(s);
  const { itemFactors } =
    threads > 1
      ? await fitAlsParallel(m.userItems, m.itemUsers, options, { onIteration, threads })
      : fitAls(m.userItems, m.itemUsers, options, { onIteration });
  const total = (performance.now() - started) / 1000;
  const perIteration = times.reduce((a, b) => a + b, 0) / times.length;
  const flops = 10 * (n + items) * FACTORS * FACTORS + 32 * FACTORS * nnz;
  const gram = new Float64Array(FACTORS * FACTORS);
  gramian(itemFactors, items, FACTORS, 10, gram);
  const latencies: number[] = [];
  for (let u = 0; u < Math.min(n, 2000); u++) {
    const r = row(m.userItems, u);
    const t = performance.now();
    foldInUser(r, itemFactors, FACTORS, gram, 15);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(3);
  return `| ${name} | ${threads} | ${n.toLocaleString('en')} | ${items.toLocaleString('en')} | ${nnz.toLocaleString('en')} | ${perIteration.toFixed(2)} | ${(flops / perIteration / 1e9).toFixed(2)} | ${total.toFixed(1)} | ${pct(0.5)} | ${pct(0.95)} |`;
}

const path = process.argv[2] ?? '../shared/data/movietweetings-100k/ratings.dat';
const rows: string[] = [];
const sets: Array<[string, InteractionMatrix]> = [];
if (existsSync(path)) {
  const data = readInteractionsFile(path);
  sets.push(['MovieTweetings 100K', buildInteractionMatrix(data.map((x) => ({ userId: x.userId, itemId: x.itemId, value: 1 })))]);
} else {
  console.error(`(skipping real data: ${path} not found)`);
}
sets.push(['synthetic 1M', synthetic(100_000, 20_000, 1_000_000)]);
for (const [name, m] of sets) for (const threads of [1, 2]) rows.push(await measure(name, m, threads));

console.log(`Implicit ALS, conjugate gradient (3 steps), f = ${FACTORS}, ${ITERATIONS} iterations, node ${process.version}`);
console.log('');
console.log('| data | threads | users | items | interactions | s / iteration | GFLOP/s | total s | fold-in p50 ms | fold-in p95 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
