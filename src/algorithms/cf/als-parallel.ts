/**
 * Multi-threaded ALS: each half-step's rows are split by work (interactions plus a constant per
 * row for the f² part) between the main thread and worker threads, and so is the Gramian (by its
 * rows) on the kernels path. Factors, the Gram matrix and the interaction matrices live in shared
 * memory (the kernel heap, or SharedArrayBuffers on the JavaScript path), so nothing is copied
 * per sweep.
 *
 * The worker runs the very same functions as the single-threaded path: its code is built from
 * their source text, so it behaves identically from the TypeScript sources and from the ESM and
 * CommonJS bundles, with no separate worker file to locate.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { throwIfAborted } from '../../core/errors.js';
import { kernelModule } from '../kernels/index.js';
import { AlsScratch, cgSolveRow, gramian, initialFactors, matVec, type AlsFactors, type AlsOptions, type AlsRunOptions } from './als.js';
import { clearGram, gramShare, layoutAls, readFactors, regularizeGram, solveShare } from './als-kernels.js';
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

/** The JavaScript path's worker: the double-precision solver of als.ts. */
const JS_WORKER = `
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

/** The kernels path's worker: its own instance of the kernels over the run's shared heap. */
const KERNEL_WORKER = `
const { parentPort } = require('node:worker_threads');
${gramShare.toString()}
${solveShare.toString()}
let k, memory, layout;
parentPort.on('message', (msg) => {
  if (msg.init) {
    ({ memory, layout } = msg.init);
    k = new WebAssembly.Instance(msg.init.module, { env: { memory } }).exports;
    return;
  }
  if (msg.op === 'gram') ${gramShare.name}(k, layout, msg.side, msg.start, msg.end);
  else ${solveShare.name}(k, memory, layout, msg.side, msg.start, msg.end, msg.thread);
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
function runShare(w: Worker, message: { op?: string; side: string; start: number | undefined; end: number | undefined; thread?: number }): Promise<void> {
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

/** Even cuts of [0, n) into `parts` ranges. */
function evenCuts(n: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
}

/**
 * Like fitAls, on `threads` threads (the main one included), with the same results: each row is
 * solved by the same code against the same Gramian, and the Gramian's shares are split by its
 * rows so every element sums in the same order.
 */
export async function fitAlsParallel(userItems: Csr, itemUsers: Csr, o: AlsOptions, run: AlsRunOptions & { threads?: number } = {}): Promise<AlsFactors> {
  const threads = Math.max(1, Math.floor(run.threads ?? defaultThreads()));
  const { userFactors, itemFactors } = initialFactors(userItems.rows, itemUsers.rows, o);
  const module = run.kernels === false ? undefined : kernelModule();
  const wasm = module ? layoutAls(userItems, itemUsers, o, threads, userFactors, itemFactors) : undefined;
  const workers = Array.from({ length: threads - 1 }, () => new Worker(wasm ? KERNEL_WORKER : JS_WORKER, { eval: true }));
  try {
    let half: (side: 'users' | 'items') => Promise<void>;
    if (wasm) {
      const { heap, layout } = wasm;
      for (const w of workers) w.postMessage({ init: { module, memory: heap.memory, layout } });
      const gramCuts = evenCuts(o.factors, threads);
      const rowCuts = { users: balancedCuts(userItems, o.factors, threads), items: balancedCuts(itemUsers, o.factors, threads) };
      half = async (side) => {
        clearGram(heap, layout);
        const grams = workers.map((w, k) => runShare(w, { op: 'gram', side, start: gramCuts[k + 1], end: gramCuts[k + 2] }));
        gramShare(heap.kernels, layout, side, gramCuts[0]!, gramCuts[1]!);
        await Promise.all(grams);
        regularizeGram(heap, layout, o.regularization);
        const c = rowCuts[side];
        const solves = workers.map((w, k) => runShare(w, { op: 'solve', side, start: c[k + 1], end: c[k + 2], thread: k + 1 }));
        solveShare(heap.kernels, heap.memory, layout, side, c[0]!, c[1]!, 0);
        await Promise.all(solves);
      };
    } else {
      half = jsHalfStep(userItems, itemUsers, o, threads, workers, userFactors, itemFactors);
    }
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
  return { factors: o.factors, ...(wasm ? readFactors(wasm.heap, wasm.layout) : { userFactors, itemFactors }) };
}

/** The JavaScript path's half-step: factors and matrices copied into SharedArrayBuffers. */
function jsHalfStep(
  userItemsIn: Csr,
  itemUsersIn: Csr,
  o: AlsOptions,
  threads: number,
  workers: Worker[],
  userFactorsOut: Float32Array,
  itemFactorsOut: Float32Array,
): (side: 'users' | 'items') => Promise<void> {
  const f = o.factors;
  const userFactors = shared(userFactorsOut);
  const itemFactors = shared(itemFactorsOut);
  const userItems = sharedCsr(userItemsIn);
  const itemUsers = sharedCsr(itemUsersIn);
  const gram = shared(new Float64Array(f * f));
  const scratch = new AlsScratch(f);
  for (const w of workers) w.postMessage({ init: { f, alpha: o.alpha, cgSteps: o.cgSteps, gram, userItems, itemUsers, userFactors, itemFactors } });
  const cuts = { users: balancedCuts(userItems, f, threads), items: balancedCuts(itemUsers, f, threads) };
  return async (side) => {
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
    // Results go back to the caller's (non-shared) arrays, which it may transfer or clone.
    userFactorsOut.set(userFactors);
    itemFactorsOut.set(itemFactors);
  };
}
