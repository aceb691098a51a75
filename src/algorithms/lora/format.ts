/**
 * The stored form of a {@link LoraAdapter}: the snapshot container (magic `SONA`, format
 * version, kind `lora-adapter`, JSON header, little-endian float32 arrays, CRC-32; see
 * core/snapshot-format.ts) with header `{ dimension, rank, alpha, bias, ...extra }` and arrays
 * `a` (rank × dimension) and `b` (dimension × rank).
 */
import { DimensionMismatchError, StoreError } from '../../core/errors.js';
import { decodeSnapshot, encodeSnapshot } from '../../core/snapshot-format.js';
import type { LoraAdapter } from './adapter.js';

const KIND = 'lora-adapter';

/** Serialises an adapter, with optional descriptive metadata (model id, training report). */
export function encodeAdapter(adapter: LoraAdapter, extra: Record<string, unknown> = {}): Uint8Array {
  return encodeSnapshot(KIND, {
    meta: { ...extra, dimension: adapter.dimension, rank: adapter.rank, alpha: adapter.alpha, bias: adapter.bias },
    arrays: { a: adapter.a, b: adapter.b },
  });
}

/**
 * Reads an adapter back, checking the container (StoreError on corruption) and that it fits
 * `expectedDimension` (DimensionMismatchError), so a bad blob never turns into scores.
 */
export function decodeAdapter(bytes: Uint8Array, expectedDimension?: number): { adapter: LoraAdapter; meta: Record<string, unknown> } {
  const { meta, arrays } = decodeSnapshot(bytes, KIND);
  const { dimension, rank, alpha, bias } = meta as { dimension: unknown; rank: unknown; alpha: unknown; bias: unknown };
  const a = arrays.a;
  const b = arrays.b;
  if (
    typeof dimension !== 'number' ||
    typeof rank !== 'number' ||
    typeof alpha !== 'number' ||
    typeof bias !== 'number' ||
    !(a instanceof Float32Array) ||
    !(b instanceof Float32Array) ||
    a.length !== rank * dimension ||
    b.length !== rank * dimension ||
    !Number.isFinite(alpha) ||
    !Number.isFinite(bias) ||
    !a.every(Number.isFinite) ||
    !b.every(Number.isFinite)
  ) {
    throw new StoreError('LoRA adapter blob has an inconsistent header or non-finite weights');
  }
  if (expectedDimension !== undefined && dimension !== expectedDimension) throw new DimensionMismatchError('LoRA adapter', expectedDimension, dimension);
  return { adapter: { dimension, rank, alpha, bias, a, b }, meta };
}
