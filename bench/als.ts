/**
 * ALS training throughput at 64 factors on SONA's SIMD kernels and on its JavaScript path,
 * beside numpy/scipy running the same batched update on the same data in the same run
 * (bench/als-numpy.py; the column is skipped with a note where python3 or numpy is missing),
 * and fold-in latency. GFLOP/s uses the conjugate-gradient cost model 10·(n+m)·f² + 32·f·N
 * flops per iteration (n users, m items, N interactions) for every column.
 * Usage: npx tsx bench/als.ts [ratings file]   (default: ../shared/data/movietweetings-100k/ratings.dat)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitAls, gramian } from '../src/algorithms/cf/als.js';
import { foldInUser } from '../src/algorithms/cf/als-exact.js';
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

/** Writes the user × item CSR for the numpy yardstick; returns its folder. */
function exportCsr(m: InteractionMatrix): string {
  const dir = mkdtempSync(join(tmpdir(), 'sona-als-'));
  const ui = m.userItems;
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ users: ui.rows, items: ui.cols }));
  writeFileSync(join(dir, 'indptr.bin'), new Uint8Array(ui.indptr.buffer, ui.indptr.byteOffset, ui.indptr.byteLength));
  writeFileSync(join(dir, 'indices.bin'), new Uint8Array(ui.indices.buffer, ui.indices.byteOffset, ui.indices.byteLength));
  writeFileSync(join(dir, 'data.bin'), new Uint8Array(ui.data.buffer, ui.data.byteOffset, ui.data.byteLength));
  return dir;
}

/** numpy's seconds per iteration on `threads` BLAS threads, or undefined (with a note) where python3 or numpy is missing. */
function numpySeconds(dir: string, threads: number): number | undefined {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const out = spawnSync('python3', [fileURLToPath(new URL('./als-numpy.py', import.meta.url)), dir, String(FACTORS), String(ITERATIONS)], {
    env,
    encoding: 'utf8',
  });
  if (out.status !== 0) {
    if (!numpyNote) numpyNote = `numpy column skipped: ${(out.stderr || String(out.error)).trim().split('\n').at(-1)}`;
    return undefined;
  }
  const parsed = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { seconds: number; numpy: string };
  numpyVersion = parsed.numpy;
  return parsed.seconds;
}
let numpyNote = '';
let numpyVersion = '';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** SONA's seconds per iteration (median after the first), on its kernels or on the JavaScript path. */
async function sonaSeconds(m: InteractionMatrix, threads: number, kernels: boolean): Promise<{ seconds: number; itemFactors: Float32Array }> {
  const times: number[] = [];
  const options = { factors: FACTORS, iterations: ITERATIONS, alpha: 15, regularization: 10, cgSteps: 3, seed: 42 };
  const run = { onIteration: (_i: number, s: number) => times.push(s), kernels };
  const { itemFactors } =
    threads > 1 ? await fitAlsParallel(m.userItems, m.itemUsers, options, { ...run, threads }) : fitAls(m.userItems, m.itemUsers, options, run);
  return { seconds: median(times.slice(1)), itemFactors };
}

function foldIn(m: InteractionMatrix, itemFactors: Float32Array): string {
  const gram = new Float64Array(FACTORS * FACTORS);
  gramian(itemFactors, m.items.size, FACTORS, 10, gram);
  const latencies: number[] = [];
  for (let u = 0; u < Math.min(m.users.size, 2000); u++) {
    const r = row(m.userItems, u);
    const t = performance.now();
    foldInUser(r, itemFactors, FACTORS, gram, 15);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(3);
  return `${pct(0.5)} / ${pct(0.95)}`;
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
for (const [name, m] of sets) {
  const dir = exportCsr(m);
  const flops = 10 * (m.users.size + m.items.size) * FACTORS * FACTORS + 32 * FACTORS * m.userItems.indices.length;
  const gf = (s: number | undefined) => (s === undefined ? '–' : (flops / s / 1e9).toFixed(2));
  for (const threads of [1, 2]) {
    const js = await sonaSeconds(m, threads, false);
    const wasm = await sonaSeconds(m, threads, true);
    const np = numpySeconds(dir, threads);
    rows.push(
      `| ${name} | ${threads} | ${m.users.size.toLocaleString('en')} | ${m.items.size.toLocaleString('en')} | ${m.userItems.indices.length.toLocaleString('en')} | ${gf(js.seconds)} | ${gf(wasm.seconds)} | ${gf(np)} | ${np === undefined ? '–' : (np / wasm.seconds).toFixed(2)} | ${foldIn(m, wasm.itemFactors)} |`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `Implicit ALS, conjugate gradient (3 steps), f = ${FACTORS}, ${ITERATIONS} iterations (median after the first), node ${process.version}${numpyVersion ? `, numpy ${numpyVersion}` : ''}`,
);
if (numpyNote) console.log(numpyNote);
console.log('');
console.log('| data | threads | users | items | interactions | JS GFLOP/s | SIMD GFLOP/s | numpy GFLOP/s | SIMD ÷ numpy | fold-in p50 / p95 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
