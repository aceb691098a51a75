import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstEvents } from '../../../src/algorithms/popularity/first-events.js';

describe('FirstEvents', () => {
  it('keeps the earliest event of each item, and lists the latest arrivals first', () => {
    const f = new FirstEvents();
    f.note(3, 100);
    f.note(5, 300);
    f.note(3, 50);
    f.note(5, 400);
    f.note(2000, 200);
    expect(f.first(3)).toBe(50);
    expect(f.first(5)).toBe(300);
    expect(f.first(4)).toBeUndefined();
    expect(f.since(60, 10)).toEqual([5, 2000]);
    expect(f.since(0, 2)).toEqual([5, 2000]);
    f.clear();
    expect(f.first(3)).toBeUndefined();
    expect(f.since(0, 10)).toEqual([]);
  });

  it('agrees with a sort of every first event, whatever the order events arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), fc.integer({ min: 0, max: 1000 })), { maxLength: 200 }), fc.integer({ min: 0, max: 1000 }), (events, since) => {
        const f = new FirstEvents();
        const first = new Map<number, number>();
        for (const [index, t] of events) {
          f.note(index, t);
          if (!first.has(index) || t < first.get(index)!) first.set(index, t);
        }
        for (const [index, t] of first) expect(f.first(index)).toBe(t);
        const got = f.since(since, Infinity);
        expect(new Set(got)).toEqual(new Set([...first].filter(([, t]) => t >= since).map(([i]) => i)));
        for (let i = 1; i < got.length; i++) expect(first.get(got[i - 1]!)!).toBeGreaterThanOrEqual(first.get(got[i]!)!);
      }),
    );
  });
});
