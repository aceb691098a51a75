import { describe, expect, it } from 'vitest';
import { splitInteractions } from '../../../src/evaluation/splits.js';
import type { Interaction } from '../../../src/evaluation/types.js';

const data: Interaction[] = [];
for (let u = 0; u < 20; u++) for (let i = 0; i <= u; i++) data.push({ userId: `u${u}`, itemId: `i${(u * 7 + i) % 30}`, timestamp: i * 1000 + u });

describe('splitInteractions', () => {
  it('stratified by user puts floor(0.75·n) of each user in train', () => {
    const { train, test } = splitInteractions(data, { method: 'stratified-user', ratio: 0.75, seed: 1 });
    expect(train.length + test.length).toBe(data.length);
    for (let u = 0; u < 20; u++) {
      const n = u + 1;
      expect(train.filter((x) => x.userId === `u${u}`)).toHaveLength(Math.floor(0.75 * n));
    }
  });

  it('sends a single-interaction group to test, as the reference protocol does', () => {
    const { train, test } = splitInteractions(data, { method: 'stratified-user', ratio: 0.75 });
    expect(train.some((x) => x.userId === 'u0')).toBe(false);
    expect(test.filter((x) => x.userId === 'u0')).toHaveLength(1);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = splitInteractions(data, { method: 'stratified-item', seed: 3 });
    const b = splitInteractions(data, { method: 'stratified-item', seed: 3 });
    const c = splitInteractions(data, { method: 'stratified-item', seed: 4 });
    expect(a).toEqual(b);
    expect(a.test).not.toEqual(c.test);
  });

  it('drops groups under minRatings', () => {
    const { train, test } = splitInteractions(data, { method: 'stratified-user', minRatings: 10 });
    const users = new Set([...train, ...test].map((x) => x.userId));
    expect(users.size).toBe(11); // u9 .. u19
  });

  it("time split keeps each user's newest interactions for test", () => {
    const { train, test } = splitInteractions(data, { method: 'time', ratio: 0.75 });
    for (let u = 1; u < 20; u++) {
      const lastTrain = Math.max(...train.filter((x) => x.userId === `u${u}`).map((x) => x.timestamp!));
      const firstTest = Math.min(...test.filter((x) => x.userId === `u${u}`).map((x) => x.timestamp!));
      expect(lastTrain).toBeLessThan(firstTest);
    }
  });

  it('random split keeps the ratio overall', () => {
    const { train } = splitInteractions(data, { method: 'random', ratio: 0.75 });
    expect(train.length).toBe(Math.round(0.75 * data.length));
  });
});
