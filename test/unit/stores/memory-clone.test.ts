import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clone } from '../../../src/stores/memory/batches.js';

describe('clone (memory stores never share objects with callers)', () => {
  it('copies like structuredClone for any JSON value, sharing nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copied = clone(value);
        expect(copied).toEqual(structuredClone(value));
        if (typeof value === 'object' && value !== null) expect(copied).not.toBe(value);
      }),
    );
  });

  it('copies dates, typed arrays and maps, and keeps a __proto__ key a key', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}, "nested": {"list": [1, {"a": 2}]}}') as Record<string, unknown>;
    Object.assign(source, { at: new Date(5), vector: new Float32Array([1, 2]), map: new Map([['k', { v: 1 }]]) });
    const copied = clone(source);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.hasOwn(copied, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((copied as { polluted?: unknown }).polluted).toBeUndefined();
    expect(copied.at).toEqual(new Date(5));
    expect(copied.at).not.toBe(source.at);
    expect(copied.vector).toEqual(new Float32Array([1, 2]));
    expect(copied.vector).not.toBe(source.vector);
    expect((copied.map as Map<string, { v: number }>).get('k')).toEqual({ v: 1 });
    (source.nested as { list: unknown[] }).list.push(3);
    expect((copied.nested as { list: unknown[] }).list).toHaveLength(2);
    // A view is copied as its own values.
    expect(clone(new Float32Array([1, 2, 3, 4]).subarray(1, 3))).toEqual(new Float32Array([2, 3]));
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(Object.getPrototypeOf(clone(bare))).toBeNull();
  });
});
