import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecayedCounter } from '../../../src/algorithms/popularity/decayed-counter.js';
import { DAY_MS } from '../../../src/core/time.js';

const T = Date.UTC(2024, 0, 1);

describe('DecayedCounter', () => {
  it("halves an event's weight every half-life", () => {
    const c = new DecayedCounter(7);
    c.add(0, 1, T);
    expect(c.value(0, T)).toBeCloseTo(1, 12);
    expect(c.value(0, T + 7 * DAY_MS)).toBeCloseTo(0.5, 12);
    expect(c.value(0, T + 21 * DAY_MS)).toBeCloseTo(0.125, 12);
  });

  it('ranks one fresh event above two events two half-lives old', () => {
    const c = new DecayedCounter(7);
    c.add(1, 1, T);
    c.add(1, 1, T);
    c.add(0, 1, T + 14 * DAY_MS);
    expect([...c.ranking(2)]).toEqual([0, 1]);
    expect(c.relative(0)).toBe(1);
    expect(c.relative(1)).toBeCloseTo(0.5, 12);
  });

  it('orders items without events by the prior, below every counted item', () => {
    const c = new DecayedCounter(7);
    c.add(3, 1, T);
    const prior = [0.9, 0.1, 0.5, 0];
    expect([...c.ranking(4, prior)]).toEqual([3, 0, 2, 1]);
    expect(c.relative(0, prior)).toBeLessThan(1e-6);
  });

  it('keeps exact ratios across events far apart in time (no overflow)', () => {
    const c = new DecayedCounter(1);
    c.add(0, 1, T);
    for (let i = 0; i < 3; i++) c.add(1, 1, T + 2000 * DAY_MS); // 2000 half-lives later: forces a rebase
    c.add(2, 1, T + 2001 * DAY_MS);
    // item 1: 3 events one half-life before item 2's single event → 1.5 against 1
    expect([...c.ranking(3)]).toEqual([1, 2, 0]);
    expect(c.relative(2)).toBeCloseTo(1 / 1.5, 12);
    expect(c.relative(0)).toBe(0); // 2000 half-lives old: below double precision, ranked last
    expect(Number.isFinite(c.value(2, T + 2001 * DAY_MS))).toBe(true);
  });

  it('skips what the filter rejects and ignores non-positive weights', () => {
    const c = new DecayedCounter(7);
    c.add(0, 1, T);
    c.add(1, 0, T);
    c.add(2, -1, T);
    expect([...c.ranking(3, undefined, (i) => i !== 0)]).not.toContain(0);
    expect(c.value(1, T)).toBe(0);
    const before = c.version;
    c.add(1, 1, T);
    expect(c.version).not.toBe(before);
  });
});

describe('DecayedCounter.ranking with a limit', () => {
  it('returns exactly the head of the full ranking, ties by index, for any limit', () => {
    const c = new DecayedCounter(7);
    const prior = Float64Array.from({ length: 300 }, (_, i) => (i % 7) / 7);
    for (let i = 0; i < 500; i++) c.add((i * 37) % 120, 1 + (i % 3), Date.UTC(2025, 0, 1) + i * 1000);
    const keep = (i: number) => i % 11 !== 0;
    const full = [...c.ranking(300, prior, keep)];
    for (const limit of [0, 1, 5, 64, 119, 120, 121, 250, 299, 300, 1000]) {
      expect([...c.ranking(300, prior, keep, limit)], `limit ${limit}`).toEqual(full.slice(0, limit));
    }
  });
});

describe('DecayedCounter.level', () => {
  it('runs from 0 (no events) to 1 (the hottest item) on a log scale, whatever the time', () => {
    const c = new DecayedCounter(7);
    const T = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 1000; i++) c.add(0, 1, T);
    for (let i = 0; i < 10; i++) c.add(1, 1, T);
    c.add(2, 1, T);
    expect(c.level(0)).toBeCloseTo(1, 12);
    expect(c.level(3)).toBe(0);
    expect(c.level(-1)).toBe(0);
    expect(c.level(1)).toBeGreaterThan(c.level(2));
    expect(c.level(2)).toBeGreaterThan(0);
    // A log scale: ten times the interest is a step, not a factor of ten.
    expect(c.level(1) / c.level(2)).toBeLessThan(4);
    // Decay scales every count alike, so later events at the same pace leave levels unchanged.
    const before = c.level(1);
    c.add(5, 1e-9, T + 30 * 86_400_000);
    expect(c.level(1)).toBeCloseTo(before, 9);
    expect(new DecayedCounter(7).level(0)).toBe(0);
  });

  it('gives shares that sum to 1 and a total that is the sum of the values, across rebases and resets', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ index: fc.integer({ min: 0, max: 20 }), weight: fc.double({ min: 0.1, max: 5, noNaN: true }), day: fc.integer({ min: 0, max: 4000 }) }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (events) => {
          // A one-day half-life over eleven years forces rebases (past 2^512).
          const c = new DecayedCounter(1);
          for (const e of [...events].sort((a, b) => a.day - b.day)) c.add(e.index, e.weight, T + e.day * DAY_MS);
          const now = T + 4000 * DAY_MS;
          let shares = 0;
          let values = 0;
          for (let i = 0; i <= 20; i++) {
            shares += c.share(i);
            values += c.value(i, now);
          }
          expect(shares).toBeCloseTo(1, 9);
          expect(c.total(now)).toBeCloseTo(values, 9);
          c.reset();
          expect(c.share(0)).toBe(0);
          expect(c.total(now)).toBe(0);
        },
      ),
    );
  });
});
