import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.js';
import { crc32 } from '../../../src/core/crc32.js';
import { decodeSnapshot, encodeSnapshot } from '../../../src/core/snapshot-format.js';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('snapshot format', () => {
  const content = {
    meta: { items: ['a', 'b'], factors: 2 },
    arrays: { f: Float32Array.from([1.5, -2, 0.25, 3]), i: Int32Array.from([0, 7, -1]) },
  };

  it('round-trips metadata and arrays exactly', () => {
    const bytes = encodeSnapshot('collaborative', content);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x53, 0x4f, 0x4e, 0x41]);
    const back = decodeSnapshot(bytes, 'collaborative');
    expect(back.meta).toEqual(content.meta);
    expect(Array.from(back.arrays.f!)).toEqual([1.5, -2, 0.25, 3]);
    expect(back.arrays.i).toBeInstanceOf(Int32Array);
    expect(Array.from(back.arrays.i!)).toEqual([0, 7, -1]);
  });

  it('refuses a flipped byte, a wrong kind, a wrong version and truncation', () => {
    const bytes = encodeSnapshot('collaborative', content);
    const flipped = bytes.slice();
    flipped[bytes.length - 10]! ^= 0xff;
    expect(() => decodeSnapshot(flipped, 'collaborative')).toThrow(/checksum/);
    expect(() => decodeSnapshot(bytes, 'lora')).toThrow(StoreError);
    const version = bytes.slice();
    version[4] = 9;
    expect(() => decodeSnapshot(version, 'collaborative')).toThrow(/version/);
    expect(() => decodeSnapshot(bytes.subarray(0, 10), 'collaborative')).toThrow(StoreError);
    expect(() => decodeSnapshot(new TextEncoder().encode('not a snapshot at all'), 'collaborative')).toThrow(/magic/);
  });
});
