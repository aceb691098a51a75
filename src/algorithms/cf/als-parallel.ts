/**
 * Multi-threaded ALS: each half-step's rows are split by work (interactions plus a constant per
 * row for the f² part) between the main thread and worker threads. Factors, the Gram matrix and
 * the interaction matrices live in SharedArrayBuffers, so nothing is copied per sweep.
 *
 * The worker runs the very same solver functions as the single-threaded path: its code is built
 * from their source text, so it behaves identically from the TypeScript sources and from the
 * ESM and CommonJS bundles, with no separate worker file to locate.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { throwIfAborted } from '../../core/errors.js';
import { seededRandom } from '../../core/random.js';
import { AlsScratch, cgSolveRow, gramian, matVec, type AlsFactors, type AlsOptions, type AlsRunOptions } from './als.js';
import type { Csr } from './matrix.js';

function shared<T extends Float32Array | Float64Array | Int32Array>(src: T): T {
  const Ctor = src.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(src.byteLength));
  out.set(src as never);
  return out;
}

function sharedCsr(m: Csr): Csr {
  return { rows: m.rows, cols: m.cols, indptr: shared(m.indptr), indices: shared(m.indices), data: shared(m.data) };
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${matVec.toString()}
${cgSolveRow.toString()}
let state;
parentPort.on('message', (msg) => {
  if (msg.init) { state = msg.init; return; }
  const { f, alpha, cgSteps, gram } = state;
  const m = msg.side === 'users' ? state.userItems : state.itemUsers;
  const x = msg.side === 'users' ? state.userFactors : state.itemFactors;
  const y = msg.side === 'users' ? state.itemFactors : state.userFactors;
  const s = { gram, x: new Float64Array(f), r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) };
  for (let u = msg.start; u < msg.end; u++) {
    const a = m.indptr[u], b = m.indptr[u + 1];
    if (a !== b) ${cgSolveRow.name}(s, m.indices, m.data, a, b, y, f, alpha, x, u * f, cgSteps);
  }
  parentPort.postMessage('done');
});
`;

/** Where to cut rows so each of `parts` gets about the same work. */
function balancedCuts(m: Csr, f: number, parts: number): number[] {
  const perRow = f; // the f² mat-vecs, in units of "f flops per interaction"
  const total = m.indices.length + perRow * m.rows;
  const cuts = [0];
  let acc = 0;
  let next = total / parts;
  for (let r = 0; r < m.rows && cuts.length < parts; r++) {
    acc += m.indptr[r + 1]! - m.indptr[r]! + perRow;
    if (acc >= next) {
      cuts.push(r + 1);
      next += total / parts;
    }
  }
  while (cuts.length < parts) cuts.push(m.rows);
  cuts.push(m.rows);
  return cuts;
}

/** Sends one share of rows to a worker; resolves when it reports done (listeners cleaned up either way). */
function runShare(w: Worker, message: { side: string; start: number | undefined; end: number | undefined }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = () => {
      w.off('error', onError);
      resolve();
    };
    const onError = (err: unknown) => {
      w.off('message', onMessage);
      reject(err);
    };
    w.once('message', onMessage);
    w.once('error', onError);
    w.postMessage(message);
  });
}

/** Threads to use by default: every core the machine offers. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Like fitAls, on `threads` threads (the main one included). Results match fitAls exactly. */
export async function fitAlsParallel(userItemsIn: Csr, itemUsersIn: Csr, o: AlsOptions, run: AlsRunOptions & { threads?: number } = {}): Promise<AlsFactors> {
  const f = o.factors;
  const threads = Math.max(1, Math.floor(run.threads ?? defaultThreads()));
  const random = seededRandom(o.seed);
  const init = (n: number) => shared(Float32Array.from({ length: n * f }, () => (random() - 0.5) / Math.sqrt(f)));
  const userFactors = init(userItemsIn.rows);
  const itemFactors = init(itemUsersIn.rows);
  const userItems = sharedCsr(userItemsIn);
  const itemUsers = sharedCsr(itemUsersIn);
  const gram = shared(new Float64Array(f * f));
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER_SOURCE, { eval: true }));
  const scratch = new AlsScratch(f);
  try {
    for (const w of workers) w.postMessage({ init: { f, alpha: o.alpha, cgSteps: o.cgSteps, gram, userItems, itemUsers, userFactors, itemFactors } });
    const cuts = { users: balancedCuts(userItems, f, threads), items: balancedCuts(itemUsers, f, threads) };
    const half = async (side: 'users' | 'items') => {
      const m = side === 'users' ? userItems : itemUsers;
      const x = side === 'users' ? userFactors : itemFactors;
      const y = side === 'users' ? itemFactors : userFactors;
      gramian(y, m.cols, f, o.regularization, gram);
      scratch.gram.set(gram);
      const c = cuts[side];
      const done = workers.map((w, k) => runShare(w, { side, start: c[k + 1], end: c[k + 2] }));
      // The main thread takes the first share while the workers run theirs.
      for (let u = c[0]!; u < c[1]!; u++) {
        const a = m.indptr[u]!;
        const b = m.indptr[u + 1]!;
        if (a !== b) cgSolveRow(scratch, m.indices, m.data, a, b, y, f, o.alpha, x, u * f, o.cgSteps);
      }
      await Promise.all(done);
    };
    for (let it = 0; it < o.iterations; it++) {
      throwIfAborted(run.signal, 'ALS training');
      const started = performance.now();
      await half('users');
      await half('items');
      run.onIteration?.(it, (performance.now() - started) / 1000);
      run.onProgress?.({ stage: 'als', done: it + 1, total: o.iterations });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // Hand back ordinary (non-shared) arrays so callers can transfer or structured-clone them.
  return { factors: f, userFactors: Float32Array.from(userFactors), itemFactors: Float32Array.from(itemFactors) };
}
