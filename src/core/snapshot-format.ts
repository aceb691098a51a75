/**
 * The binary container of model snapshots, documented so other tools can read it:
 *
 * | bytes | content |
 * | --- | --- |
 * | 4 | magic `SONA` |
 * | 2 | format version (u16 LE, currently 1) |
 * | 2 | kind length k (u16 LE) |
 * | k | kind (UTF-8), e.g. `collaborative` |
 * | 4 | header length h (u32 LE) |
 * | h | header (UTF-8 JSON): `{ meta, arrays: [{ name, type: 'f32' | 'i32', length }] }` |
 * | … | padding to a multiple of 4, then each array's little-endian values in header order |
 * | 4 | CRC-32 of every byte before it (u32 LE) |
 *
 * Decoding checks magic, version, kind, lengths and checksum, and throws StoreError on any
 * mismatch, so a corrupt or foreign blob never becomes garbage scores.
 */
import { StoreError } from './errors.js';
import { crc32 } from './crc32.js';

export const SNAPSHOT_FORMAT_VERSION = 1;
const MAGIC = [0x53, 0x4f, 0x4e, 0x41]; // "SONA"

/** What a snapshot holds: JSON metadata and named typed arrays. */
export interface SnapshotContent {
  meta: Record<string, unknown>;
  arrays: Record<string, Float32Array | Int32Array>;
}

const align4 = (n: number) => (n + 3) & ~3;

export function encodeSnapshot(kind: string, content: SnapshotContent): Uint8Array {
  const enc = new TextEncoder();
  const kindBytes = enc.encode(kind);
  const names = Object.keys(content.arrays);
  const header = enc.encode(
    JSON.stringify({
      meta: content.meta,
      arrays: names.map((name) => {
        const a = content.arrays[name]!;
        return { name, type: a instanceof Float32Array ? 'f32' : 'i32', length: a.length };
      }),
    }),
  );
  const start = align4(4 + 2 + 2 + kindBytes.length + 4 + header.length);
  const body = names.reduce((n, name) => n + content.arrays[name]!.length * 4, 0);
  const out = new Uint8Array(start + body + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, SNAPSHOT_FORMAT_VERSION, true);
  view.setUint16(6, kindBytes.length, true);
  out.set(kindBytes, 8);
  view.setUint32(8 + kindBytes.length, header.length, true);
  out.set(header, 12 + kindBytes.length);
  let at = start;
  for (const name of names) {
    const a = content.arrays[name]!;
    for (let i = 0; i < a.length; i++, at += 4) {
      if (a instanceof Float32Array) view.setFloat32(at, a[i]!, true);
      else view.setInt32(at, a[i]!, true);
    }
  }
  view.setUint32(at, crc32(out.subarray(0, at)), true);
  return out;
}

export function decodeSnapshot(bytes: Uint8Array, expectedKind: string): SnapshotContent {
  const fail = (why: string): never => {
    throw new StoreError(`corrupt or incompatible ${expectedKind} snapshot: ${why}`);
  };
  if (bytes.length < 16 || MAGIC.some((m, i) => bytes[i] !== m)) fail('bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== SNAPSHOT_FORMAT_VERSION) fail(`format version ${version}, expected ${SNAPSHOT_FORMAT_VERSION}`);
  const end = bytes.length - 4;
  if (view.getUint32(end, true) !== crc32(bytes.subarray(0, end))) fail('checksum mismatch');
  const dec = new TextDecoder();
  const kindLength = view.getUint16(6, true);
  if (12 + kindLength > end) fail('kind runs past the end');
  const kind = dec.decode(bytes.subarray(8, 8 + kindLength));
  if (kind !== expectedKind) fail(`kind ${JSON.stringify(kind)}`);
  const headerLength = view.getUint32(8 + kindLength, true);
  if (12 + kindLength + headerLength > end) fail('header runs past the end');
  let header: { meta: Record<string, unknown>; arrays: Array<{ name: string; type: 'f32' | 'i32'; length: number }> };
  try {
    header = JSON.parse(dec.decode(bytes.subarray(12 + kindLength, 12 + kindLength + headerLength)));
  } catch {
    return fail('unreadable header');
  }
  if (typeof header !== 'object' || header === null || typeof header.meta !== 'object' || header.meta === null || !Array.isArray(header.arrays)) {
    fail('header lacks meta or arrays');
  }
  let at = align4(12 + kindLength + headerLength);
  const arrays: SnapshotContent['arrays'] = Object.create(null);
  for (const entry of header.arrays) {
    const { name, type, length } = (entry ?? {}) as { name?: unknown; type?: unknown; length?: unknown };
    if (typeof name !== 'string' || (type !== 'f32' && type !== 'i32') || typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      fail(`malformed array entry ${JSON.stringify(entry)?.slice(0, 80)}`);
    }
    const n = length as number;
    if (at + n * 4 > end) fail(`array ${name as string} runs past the end`);
    const a = type === 'f32' ? new Float32Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++, at += 4) a[i] = type === 'f32' ? view.getFloat32(at, true) : view.getInt32(at, true);
    arrays[name as string] = a;
  }
  if (at !== end) fail('trailing bytes');
  return { meta: header.meta, arrays };
}
