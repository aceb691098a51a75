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

describe('snapshot decoding of crafted bytes', () => {
  it('gives a StoreError, never a raw TypeError or RangeError, whatever the header says (valid CRC)', async () => {
    const { default: fc } = await import('fast-check');
    const { crc32 } = await import('../../../src/core/crc32.js');
    const valid = encodeSnapshot('collaborative', { meta: { a: 1 }, arrays: { x: Float32Array.from([1, 2]), y: Int32Array.from([3]) } });
    const withCrc = (bytes: Uint8Array) => {
      const out = bytes.slice();
      new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
      return out;
    };
    const header = (json: string) => {
      const kind = new TextEncoder().encode('collaborative');
      const h = new TextEncoder().encode(json);
      const out = new Uint8Array(12 + kind.length + h.length + 8 + 4);
      out.set([0x53, 0x4f, 0x4e, 0x41]);
      const view = new DataView(out.buffer);
      view.setUint16(4, 1, true);
      view.setUint16(6, kind.length, true);
      out.set(kind, 8);
      view.setUint32(8 + kind.length, h.length, true);
      out.set(h, 12 + kind.length);
      return withCrc(out);
    };
    const crafted = [
      '{"meta":{},"arrays":[{"name":"x","type":"f32","length":-1}]}',
      '{"meta":{},"arrays":[{"name":"x","type":"f32","length":1e300}]}',
      '{"meta":{},"arrays":[{"name":"x","type":"f64","length":1}]}',
      '{"meta":{},"arrays":{"length":3}}',
      '{"meta":null,"arrays":[]}',
      'null',
      '[1,2]',
      '{"meta":{},"arrays":[null]}',
    ].map(header);
    for (const bytes of crafted) expect(() => decodeSnapshot(bytes, 'collaborative')).toThrow(StoreError);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: valid.length - 5 }), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const bytes = valid.slice();
        bytes[at] = byte;
        try {
          decodeSnapshot(withCrc(bytes), 'collaborative');
        } catch (error) {
          expect(error).toBeInstanceOf(StoreError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
