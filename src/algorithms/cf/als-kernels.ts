/**
 * ALS sweeps on the SIMD kernels (algorithms/kernels): both factor matrices, both interaction
 * matrices, the Gram matrix and each thread's scratch live in one shared kernel heap, laid out
 * once per training run, so threads work on the same memory and a sweep allocates nothing.
 * Arithmetic is float32 (as implicit's and numpy's sgemm-based solvers); the double-precision
 * JavaScript path in als.ts is the reference it is tested against.
 *
 * `gramShare` and `solveShare` are self-contained (they use only their arguments) because
 * als-parallel.ts runs their source text in worker threads.
 */
import { createKernelHeap, type KernelHeap, type Kernels, type WasmMemory } from '../kernels/index.js';
import type { Csr } from './matrix.js';

/** The rows being solved in a half-step, and the factors they are solved against (byte offsets). */
export interface AlsSide {
  rows: number;
  /** Rows of `y`. */
  cols: number;
  indptr: number;
  indices: number;
  data: number;
  /** rows × f factors being solved. */
  x: number;
  /** cols × f factors held fixed. */
  y: number;
}

/** Where one training run's arrays live in its heap: plain data, posted to workers as is. */
export interface AlsLayout {
  f: number;
  alpha: number;
  cgSteps: number;
  users: AlsSide;
  items: AlsSide;
  /** f × f: YᵀY + λI of the side being solved. */
  gram: number;
  /** Per thread: 4·⌈f/4⌉ floats for cg_row. */
  scratch: number[];
}

/** Bytes a run needs: factors, both matrices, the Gramian and scratch. */
function runBytes(users: number, items: number, nnz: number, f: number, threads: number): number {
  return 4 * ((users + items) * f + 2 * (nnz * 2) + users + items + 2 + f * f + threads * 4 * (f + 3)) + 16 * 12;
}

/**
 * Copies a run's inputs into a new heap; undefined when the kernels are unavailable or the run
 * would not fit a 32-bit heap (the JavaScript path then trains it).
 */
export function layoutAls(
  userItems: Csr,
  itemUsers: Csr,
  o: { factors: number; alpha: number; cgSteps: number },
  threads: number,
  userFactors: Float32Array,
  itemFactors: Float32Array,
): { heap: KernelHeap; layout: AlsLayout } | undefined {
  const f = o.factors;
  const heap = createKernelHeap(runBytes(userItems.rows, itemUsers.rows, userItems.indices.length, f, threads));
  if (!heap) return undefined;
  const x = heap.put(userFactors);
  const y = heap.put(itemFactors);
  const side = (m: Csr, solved: number, fixed: number): AlsSide => ({
    rows: m.rows,
    cols: m.cols,
    indptr: heap.put(m.indptr),
    indices: heap.put(m.indices),
    data: heap.put(m.data),
    x: solved,
    y: fixed,
  });
  const layout: AlsLayout = {
    f,
    alpha: o.alpha,
    cgSteps: o.cgSteps,
    users: side(userItems, x, y),
    items: side(itemUsers, y, x),
    gram: heap.alloc(f * f * 4),
    scratch: Array.from({ length: threads }, () => heap.alloc(4 * Math.ceil(f / 4) * 4 * 4)),
  };
  return { heap, layout };
}

/** Rows a0 ≤ a < a1 of the Gramian YᵀY of the fixed side (the caller zeroes it first and adds λ after). */
export function gramShare(k: Kernels, l: AlsLayout, side: 'users' | 'items', a0: number, a1: number): void {
  const s = l[side];
  k.gram(s.y, s.cols, l.f, l.gram, a0, a1);
}

/** Solves rows start ≤ u < end of `side` with the scratch of `thread`. */
export function solveShare(k: Kernels, memory: WasmMemory, l: AlsLayout, side: 'users' | 'items', start: number, end: number, thread: number): void {
  const s = l[side];
  const indptr = new Int32Array(memory.buffer, s.indptr, s.rows + 1);
  const bytes = l.f * 4;
  for (let u = start; u < end; u++) {
    const a = indptr[u]!;
    const b = indptr[u + 1]!;
    if (a !== b) k.cg_row(l.gram, s.y, s.x + u * bytes, s.indices, s.data, a, b, l.f, l.alpha, l.cgSteps, l.scratch[thread]!);
  }
}

/** Zeroes the Gramian before its shares are computed. */
export function clearGram(heap: KernelHeap, l: AlsLayout): void {
  heap.f32(l.gram, l.f * l.f).fill(0);
}

/** Adds λ to the Gramian's diagonal once every share is in. */
export function regularizeGram(heap: KernelHeap, l: AlsLayout, lambda: number): void {
  const g = heap.f32(l.gram, l.f * l.f);
  for (let a = 0; a < l.f; a++) g[a * l.f + a]! += lambda;
}

/** One half-step on the calling thread alone. */
export function halfStep(heap: KernelHeap, l: AlsLayout, side: 'users' | 'items', lambda: number): void {
  clearGram(heap, l);
  gramShare(heap.kernels, l, side, 0, l.f);
  regularizeGram(heap, l, lambda);
  solveShare(heap.kernels, heap.memory, l, side, 0, l[side].rows, 0);
}

/** Copies the trained factors out of the heap (ordinary arrays callers may keep or transfer). */
export function readFactors(heap: KernelHeap, l: AlsLayout): { userFactors: Float32Array; itemFactors: Float32Array } {
  return {
    userFactors: heap.f32(l.users.x, l.users.rows * l.f).slice(),
    itemFactors: heap.f32(l.items.x, l.items.rows * l.f).slice(),
  };
}
