/**
 * The SIMD kernels (kernels.wat) behind a small heap: a module compiled once per process, an
 * instance per heap, and a bump allocator over the heap's shared memory. Callers lay out their
 * typed arrays in a heap once (a model's factors, a training run's matrices) and call kernels
 * on offsets, so a request or a sweep allocates nothing.
 *
 * Where WebAssembly SIMD is missing (or `SONA_KERNELS=js` is set) {@link createKernelHeap}
 * returns undefined and callers take their plain JavaScript path, which reference.ts mirrors.
 */
import { KERNELS_WASM } from './kernels.wasm.js';

/** The kernels' exports; pointers are byte offsets into the heap, lengths count floats. */
export interface Kernels {
  dot(a: number, b: number, n: number): number;
  axpy(alpha: number, x: number, y: number, n: number): void;
  gemv(m: number, x: number, out: number, rows: number, cols: number): void;
  gram(y: number, rows: number, f: number, out: number, a0: number, a1: number): void;
  cg_row(gram: number, y: number, xo: number, idx: number, val: number, start: number, end: number, f: number, alpha: number, steps: number, s: number): void;
}

/** The parts of the WebAssembly API used here (the project's type libraries do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
/** A compiled module: opaque, and cloneable to worker threads. */
export type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65_536;
/** wasm32 addresses 4 GiB; a heap past this many pages falls back to JavaScript. */
const MAX_PAGES = 65_536;

let compiled: WasmModule | null | undefined;

/** The compiled module, or undefined where this runtime lacks SIMD or shared memory. */
export function kernelModule(): WasmModule | undefined {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = Buffer.from(KERNELS_WASM, 'base64');
      if (process.env.SONA_KERNELS !== 'js' && wasm?.validate(bytes)) compiled = new wasm.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

/** A kernel instance over its own memory, with typed views and 16-byte-aligned allocation. */
export class KernelHeap {
  private top = 16; // offset 0 stays unused, so 0 never names a live block

  constructor(
    readonly memory: WasmMemory,
    readonly kernels: Kernels,
  ) {}

  /** Bytes handed out so far. */
  get used(): number {
    return this.top;
  }

  /** Reserves `bytes` (rounded up to 16) and returns their offset; throws RangeError past 4 GiB. */
  alloc(bytes: number): number {
    const at = this.top;
    const end = at + Math.ceil(bytes / 16) * 16;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`kernel heap: ${end} bytes exceed 4 GiB`);
      this.memory.grow(pages);
    }
    this.top = end;
    return at;
  }

  /** Frees everything allocated at or after `mark` (an earlier {@link used} value). */
  release(mark: number): void {
    this.top = Math.min(this.top, mark);
  }

  /** A Float32Array over `length` floats at `ptr` (valid for the heap's life: shared memory never detaches). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  /** An Int32Array over `length` ints at `ptr`. */
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  /** Copies `src` into a new block and returns its offset. */
  put(src: Float32Array | Int32Array): number {
    const ptr = this.alloc(src.byteLength);
    (src instanceof Float32Array ? this.f32(ptr, src.length) : this.i32(ptr, src.length)).set(src as never);
    return ptr;
  }
}

/** Memory descriptor of a heap big enough for `bytes`, growable to 4 GiB. */
function sharedMemory(api: WasmApi, bytes: number): WasmMemory {
  const initial = Math.max(1, Math.ceil((bytes + 16) / PAGE));
  return new api.Memory({ initial, maximum: MAX_PAGES, shared: true });
}

/** Instantiates the kernels over `memory` (a worker does this with the memory it was sent). */
export function instantiateKernels(module: WasmModule, memory: WasmMemory): Kernels {
  return new wasm!.Instance(module, { env: { memory } }).exports as Kernels;
}

/**
 * A heap with room for `bytes` to start with, or undefined when the kernels are unavailable or
 * `bytes` is beyond what a 32-bit heap can address.
 */
export function createKernelHeap(bytes = 0): KernelHeap | undefined {
  const module = kernelModule();
  if (!module || !wasm || bytes + 16 > MAX_PAGES * PAGE - PAGE) return undefined;
  const memory = sharedMemory(wasm, bytes);
  return new KernelHeap(memory, instantiateKernels(module, memory));
}
