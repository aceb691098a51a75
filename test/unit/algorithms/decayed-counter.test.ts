import { describe, expect, it } from 'vitest';
import { DecayedCounter } from '../../../src/algorithms/popularity/decayed-counter.js';
import { DAY_MS } from '../../../src/core/time.js';

const T = Date.UTC(2024, 0, 1);

describe('DecayedCounter', () => {
  it('halves an event\'s weight every half-life', () => {
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
    const top = c.top(2, 2);
    expect(top.map((t) => t.index)).toEqual([0, 1]);
    expect(top[0]!.score).toBe(1);
    expect(top[1]!.score).toBeCloseTo(0.5, 12);
  });

  it('orders items without events by the prior, below every counted item', () => {
    const c = new DecayedCounter(7);
    c.add(3, 1, T);
    const top = c.top(4, 4, [0.9, 0.1, 0.5, 0]);
    expect(top.map((t) => t.index)).toEqual([3, 0, 2, 1]);
    expect(top[1]!.score).toBeLessThan(1e-6);
  });

  it('keeps exact ratios across events far apart in time (no overflow)', () => {
    const c = new DecayedCounter(1);
    c.add(0, 1, T);
    for (let i = 0; i < 3; i++) c.add(1, 1, T + 2000 * DAY_MS); // 2000 half-lives later: forces a rebase
    c.add(2, 1, T + 2001 * DAY_MS);
    const top = c.top(3, 3);
    // item 1: 3 events one half-life before item 2's single event → 1.5 against 1
    expect(top.map((t) => t.index)).toEqual([1, 2, 0]);
    expect(top[1]!.score).toBeCloseTo(1 / 1.5, 12);
    expect(top[2]!.score).toBe(0); // 2000 half-lives old: below double precision, ranked last
    expect(Number.isFinite(c.value(2, T + 2001 * DAY_MS))).toBe(true);
  });

  it('skips what the filter rejects and ignores non-positive weights', () => {
    const c = new DecayedCounter(7);
    c.add(0, 1, T);
    c.add(1, 0, T);
    c.add(2, -1, T);
    expect(c.top(3, 3, undefined, (i) => i === 0).map((t) => t.index)).not.toContain(0);
    expect(c.value(1, T)).toBe(0);
  });
});
