/**
 * recommend() latency with memory stores and the hashing embedder (512 dims), the result cache
 * off (every request computed), the default sources, MMR and exploration on, count 10. Light
 * users have 20 events, heavy users 500. Each group is measured twice: on its first request
 * (candidate lists computed over the whole catalogue) and again with its lists kept
 * (`recommend.candidateLists`), which is how a returning user is served. The last rows track an
 * event for the user before each request: just before (the request waits for the lists' refresh)
 * and 20 ms before (the background refresh is done by then). Beside each size, numpy's full scan of the same
 * number of items × 64 float32 factors (one sgemv, median of 50) measured in the same run: the
 * yardstick of the targets. The column is skipped with a note where python3 or numpy is missing.
 * The kept-lists rows run their 300 requests in several passes and give the median of the
 * passes' percentiles: one pass's p95 is its 15th slowest request, and a shared machine moves it.
 * Usage: npx tsx bench/recommend.ts [items ...]   (default: 10000 100000)
 */
import { spawnSync } from 'node:child_process';
import { createEngine, type SonaEngine } from '../src/index.js';
import { syntheticCatalog, syntheticEvents } from './synthetic.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const START = Date.UTC(2024, 0, 1);
const LIGHT = 2000;
const HEAVY = 100;
const REQUESTS = 300;
/** Passes over the same users for the kept-lists rows, whose figures are the passes' medians. */
const PASSES = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const NUMPY = `
import numpy as np, sys, time, json
n = int(sys.argv[1]); m = np.random.default_rng(1).random((n, 64), dtype=np.float32); q = m[0].copy()
t = []
for _ in range(50):
    s = time.perf_counter(); m @ q; t.append(time.perf_counter() - s)
print(json.dumps({"ms": float(np.median(t)) * 1000, "numpy": np.__version__}))
`;
let numpyNote = '';
let numpyVersion = '';
function numpyScanMs(items: number): number | undefined {
  const out = spawnSync('python3', ['-c', NUMPY, String(items)], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  if (out.status !== 0) {
    numpyNote ||= `numpy column skipped: ${(out.stderr || String(out.error)).trim().split('\n').at(-1)}`;
    return undefined;
  }
  const parsed = JSON.parse(out.stdout.trim()) as { ms: number; numpy: string };
  numpyVersion = parsed.numpy;
  return parsed.ms;
}

/** Percentiles of a group's request times; `passes` groups report the median of their passes' figures. */
type Timing = { p50: number; p95: number; p99: number; passes: number };

function timing(runs: number[][]): Timing {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    p50: median(runs.map((t) => percentile(t, 50))),
    p95: median(runs.map((t) => percentile(t, 95))),
    p99: median(runs.map((t) => percentile(t, 99))),
    passes: runs.length,
  };
}

/** The same requests again, `passes` times (the lists stay kept): the figures are the passes' medians. */
async function repeated(passes: number, run: () => Promise<number[]>): Promise<Timing> {
  const runs: number[][] = [];
  for (let i = 0; i < passes; i++) runs.push(await run());
  return timing(runs);
}

async function timed(engine: SonaEngine, users: readonly string[], before?: (user: string, i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const [i, user] of users.entries()) {
    await before?.(user, i);
    const started = performance.now();
    await engine.recommend(user, { count: 10 });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const rows: string[] = [];
for (const items of sizes.length ? sizes : [10_000, 100_000]) {
  const engine = await createEngine({ clock: () => START + 31 * 86_400_000, cache: { enabled: false } });
  const t0 = performance.now();
  await engine.upsertContent(syntheticCatalog(items));
  await engine.track(syntheticEvents(LIGHT, 20, items, START));
  await engine.track(syntheticEvents(HEAVY, 500, items, START, 7).map((e) => ({ ...e, userId: e.userId.replace('user-', 'heavy-') })));
  await engine.fit({ tune: false }); // the model sources at their defaults
  const loadSeconds = (performance.now() - t0) / 1000;
  for (let i = 0; i < 20; i++) await engine.recommend(`user-${i}`, { count: 10 }); // warm-up
  const light = Array.from({ length: REQUESTS }, (_, i) => `user-${20 + ((i * 7) % (LIGHT - 20))}`);
  const heavy = Array.from({ length: REQUESTS }, (_, i) => `heavy-${i % HEAVY}`);
  const groups: Array<[string, Timing]> = [
    ['20 events, first request', timing([await timed(engine, light)])],
    ['20 events, lists kept', await repeated(PASSES, () => timed(engine, light))],
    ['500 events, first request', timing([await timed(engine, heavy.slice(0, HEAVY))])],
    ['500 events, lists kept', await repeated(PASSES, () => timed(engine, heavy))],
    [
      '20 events, own event tracked just before',
      timing([
        await timed(engine, light, (user, i) =>
          engine.track({ userId: user, contentId: `item-${(i * 7919) % items}`, type: 'complete', timestamp: START + 30 * 86_400_000 + i }),
        ),
      ]),
    ],
    [
      '20 events, own event tracked 20 ms before',
      timing([
        await timed(engine, light, async (user, i) => {
          await engine.track({ userId: user, contentId: `item-${(i * 104_729) % items}`, type: 'complete', timestamp: START + 30 * 86_400_000 + REQUESTS + i });
          await new Promise((resolve) => setTimeout(resolve, 20)); // the viewer goes back to the home screen
        }),
      ]),
    ],
  ];
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  const numpy = numpyScanMs(items);
  for (const [name, t] of groups) {
    rows.push(
      `| ${items.toLocaleString('en')} | ${name} | ${t.passes} | ${t.p50.toFixed(2)} | ${t.p95.toFixed(2)} | ${t.p99.toFixed(2)} | ${numpy?.toFixed(2) ?? '–'} | ${numpy ? (t.p95 / numpy).toFixed(1) : '–'} | ${loadSeconds.toFixed(1)} | ${heapMb.toFixed(0)} |`,
    );
  }
  await engine.close();
}

console.log(
  `recommend() latency, memory stores, hashing embedder (512 dims), default sources, result cache off, count 10, node ${process.version}${numpyVersion ? `, numpy ${numpyVersion}` : ''}`,
);
if (numpyNote) console.log(numpyNote);
console.log('');
console.log('| items | requests | passes | p50 ms | p95 ms | p99 ms | numpy scan ms | p95 ÷ numpy | load + fit s | heap MB |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
