import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKernelHeap, type KernelHeap } from '../../../src/algorithms/kernels/index.js';
import * as ref from '../../../src/algorithms/kernels/reference.js';
import { assemble } from '../../../scripts/build-wasm.js';

const heap = createKernelHeap(1 << 20);

function floats(random: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => random() * 2 - 1);
}

/** Relative closeness with an absolute floor: float32 sums of up to a few hundred terms. */
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    expect(Math.abs(actual[i]! - expected[i]!) / scale, `index ${i}`).toBeLessThan(tol);
  }
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

describe('WebAssembly kernels agree with the JavaScript reference', () => {
  it('runs here (SIMD and shared memory are available on Node 20)', () => {
    expect(heap).toBeDefined();
  });

  const h = heap as KernelHeap;
  const sizes = fc.integer({ min: 0, max: 70 });

  it('dot and axpy, every length and offset alignment', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 0, max: 3 }), fc.integer(), (n, shift, seed) => {
        const mark = h.used;
        const random = rng(seed);
        const a = floats(random, n);
        const b = floats(random, n);
        // Misaligned starts: v128 loads in wasm need no alignment, and callers pass rows at any offset.
        const pa = h.alloc((n + 4) * 4) + shift * 4;
        const pb = h.alloc((n + 4) * 4);
        h.f32(pa, n).set(a);
        h.f32(pb, n).set(b);
        close([h.kernels.dot(pa, pb, n)], [ref.dot(a, 0, b, 0, n)]);
        const alpha = random() * 4 - 2;
        h.kernels.axpy(alpha, pa, pb, n);
        ref.axpy(alpha, a, 0, b, 0, n);
        close(h.f32(pb, n), b);
        h.release(mark);
      }),
    );
  });

  it('gemv and gram on odd shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 37 }), fc.integer(), (rows, f, seed) => {
        const mark = h.used;
        const random = rng(seed);
        const m = floats(random, rows * f);
        const x = floats(random, f);
        const pm = h.put(m);
        const px = h.put(x);
        const pout = h.alloc(rows * 4);
        h.kernels.gemv(pm, px, pout, rows, f);
        const out = new Float32Array(rows);
        ref.gemv(m, x, out, rows, f);
        close(h.f32(pout, rows), out);
        const g = new Float32Array(f * f);
        const pg = h.put(g);
        // In two row ranges, as two threads would.
        const cut = Math.floor(f / 3);
        h.kernels.gram(pm, rows, f, pg, 0, cut);
        h.kernels.gram(pm, rows, f, pg, cut, f);
        ref.gram(m, rows, f, g);
        close(h.f32(pg, f * f), g);
        h.release(mark);
      }),
    );
  });

  it('cg_row solves the same ALS row system', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 4 }), fc.integer(), (f, nnz, steps, seed) => {
        const mark = h.used;
        const random = rng(seed);
        const items = 30;
        const y = floats(random, items * f).map((v) => v * 0.3);
        const g = new Float32Array(f * f);
        ref.gram(y, items, f, g);
        for (let a = 0; a < f; a++) g[a * f + a]! += 1;
        const idx = Int32Array.from({ length: nnz }, (_, k) => (k * 7 + (seed & 7)) % items);
        const val = Float32Array.from({ length: nnz }, () => 1 + Math.floor(random() * 3));
        const x = floats(random, f).map((v) => v * 0.1);
        const px = h.put(x);
        const scratch = h.alloc(4 * Math.ceil(f / 4) * 4 * 4);
        h.kernels.cg_row(h.put(g), h.put(y), px, h.put(idx), h.put(val), 0, nnz, f, 2, steps, scratch);
        ref.cgRow(g, y, x, 0, idx, val, 0, nnz, f, 2, steps);
        close(h.f32(px, f), x, 2e-3);
        h.release(mark);
      }),
    );
  });

  it('the committed module is what kernels.wat assembles to', async () => {
    const committed = readFileSync(new URL('../../../src/algorithms/kernels/kernels.wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await assemble());
  });
});
