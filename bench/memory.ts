/**
 * Memory and upsert time of the catalogue with memory stores and the hashing embedder (512
 * dims): synthetic items upserted in batches of 10,000, then 100,000 synthetic events tracked.
 * Memory is the growth of the V8 heap plus memory outside it (typed arrays, buffers; Node counts
 * array buffers inside `external`) after a forced collection, divided by the items (or events)
 * added. Issue #18's targets: ≤ 1.5 KB per item at 100k items, 1M items upserted in ≤ 30 s.
 * Each size runs in a fresh process, so one size's garbage does not weigh on the next.
 * Usage: npx tsx bench/memory.ts [items ...]   (default: 100000 1000000)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../src/index.js';
import { syntheticCatalog, syntheticEvents } from './synthetic.js';

const START = Date.UTC(2024, 0, 1);
const BATCH = 10_000;
const EVENTS = { users: 2000, perUser: 50 };

interface Row {
  items: number;
  upsertSeconds: number;
  kbPerItem: number;
  kbPerEvent: number;
  trackSeconds: number;
  rssMb: number;
}

/**
 * Heap plus off-heap bytes after full collections. Array buffers a collection frees leave
 * `external` only later (their memory is released off the main thread), so the reading waits
 * and collects again: read at once, 100k tracked events seemed to take 2.3 KB each, not 0.4.
 */
async function used(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** Seconds `work` takes on data made by `make` beforehand; the data is garbage once this returns. */
async function timed<T>(make: () => T, work: (data: T) => Promise<unknown>): Promise<number> {
  const data = make();
  const t = performance.now();
  await work(data);
  return (performance.now() - t) / 1000;
}

async function measure(items: number): Promise<Row> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (the parent does this)');
  const engine = await createEngine({ clock: () => START + 31 * 86_400_000 });
  const before = await used(gc);
  // The catalogue is made after the first reading: the store keeps the items' strings.
  const upsertSeconds = await timed(
    () => syntheticCatalog(items),
    async (catalog) => {
      for (let i = 0; i < items; i += BATCH) await engine.upsertContent(catalog.slice(i, i + BATCH));
    },
  );
  const afterItems = await used(gc);
  const eventCount = EVENTS.users * EVENTS.perUser;
  const trackSeconds = await timed(
    () => syntheticEvents(EVENTS.users, EVENTS.perUser, items, START),
    (events) => engine.track(events),
  );
  const afterEvents = await used(gc);
  const row = {
    items,
    upsertSeconds,
    kbPerItem: (afterItems - before) / items / 1024,
    kbPerEvent: (afterEvents - afterItems) / eventCount / 1024,
    trackSeconds,
    rssMb: process.memoryUsage().rss / 1e6,
  };
  await engine.close();
  return row;
}

const child = process.argv.indexOf('--child');
if (child >= 0) {
  console.log(JSON.stringify(await measure(Number(process.argv[child + 1]))));
} else {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const self = fileURLToPath(import.meta.url);
  console.log(
    `Catalogue memory and upsert time, memory stores, hashing embedder (512 dims), batches of ${BATCH.toLocaleString('en')}, node ${process.version}`,
  );
  console.log('');
  console.log('| items | upsert s | KB per item | 100k events tracked s | KB per event | RSS MB |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const items of sizes.length > 0 ? sizes : [100_000, 1_000_000]) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', String(items)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`the ${items}-item run failed: ${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Row;
    console.log(
      `| ${r.items.toLocaleString('en')} | ${r.upsertSeconds.toFixed(1)} | ${r.kbPerItem.toFixed(2)} | ${r.trackSeconds.toFixed(1)} | ${r.kbPerEvent.toFixed(2)} | ${r.rssMb.toFixed(0)} |`,
    );
  }
}
