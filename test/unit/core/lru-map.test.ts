import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../src/core/lru-map.js';

describe('LruMap', () => {
  it('drops the least recently used entry, counting reads and writes as use', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.get('a')).toBe(1);
    m.set('c', 3);
    expect([...m.keys()]).toEqual(['a', 'c']);
    m.set('a', 4);
    m.set('d', 5);
    expect([...m.entries()]).toEqual([
      ['a', 4],
      ['d', 5],
    ]);
    expect(m.get('missing')).toBeUndefined();
    expect(m.size).toBe(2);
  });
});
