import { describe, expect, it } from 'vitest';
import { HistoryMemo } from '../../../src/engine/profiles.js';
import type { TrackedEvent } from '../../../src/core/types.js';

const event = (id: string, contentId: string, timestamp: number): TrackedEvent => ({ id, userId: 'u', contentId, type: 'complete', timestamp, rewatch: false });
const scale = { min: 1, max: 5 };

describe('HistoryMemo', () => {
  it('folds a history once while reads return the same events, even as new objects', () => {
    const memo = new HistoryMemo(10);
    const read = [event('e2', 'b', 2), event('e1', 'a', 1)];
    const first = memo.fold('u', read, scale);
    expect([...first.interactions.keys()].sort()).toEqual(['a', 'b']);
    // Another read of the same events (as a database returns them: new objects) is the same history.
    expect(
      memo.fold(
        'u',
        read.map((e) => ({ ...e })),
        scale,
      ),
    ).toBe(first);
  });

  it('folds again after a new event, another rating scale, or forgetting the user', () => {
    const memo = new HistoryMemo(10);
    const read = [event('e1', 'a', 1)];
    const first = memo.fold('u', read, scale);
    const grown = memo.fold('u', [event('e2', 'b', 2), ...read], scale);
    expect(grown).not.toBe(first);
    expect(grown.interactions.has('b')).toBe(true);
    expect(memo.fold('u', [event('e2', 'b', 2), ...read], { min: 0, max: 10 })).not.toBe(grown);
    const again = memo.fold('u', read, scale);
    memo.forget('u');
    expect(memo.fold('u', read, scale)).not.toBe(again);
  });
});
