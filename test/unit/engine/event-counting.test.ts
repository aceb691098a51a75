import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from '../../../src/core/types.js';
import { EventCounting, HEARD_LATE_MS, RECENT_IDS, RecentIds } from '../../../src/engine/event-counting.js';

const event = (id: string): TrackedEvent => ({ id, userId: 'u', contentId: 'c', type: 'view', rewatch: false, timestamp: 0 });

/** A sink that counts each id, as popularity would count the event. */
function tally() {
  const counts = new Map<string, number>();
  return {
    counts,
    addEvents: (events: readonly TrackedEvent[]) => events.forEach((e) => counts.set(e.id, (counts.get(e.id) ?? 0) + 1)),
    clearEvents: () => counts.clear(),
  };
}

function setup() {
  const sink = tally();
  let now = 0;
  const counting = new EventCounting(sink, () => now);
  return { sink, counting, wait: (ms: number) => (now += ms) };
}

describe('EventCounting', () => {
  it('counts an event heard during a read that the read missed, and one it holds, once each', () => {
    const { sink, counting } = setup();
    counting.add([event('old')]);
    const read = counting.read();
    counting.add([event('missed'), event('both')]);
    expect(read.countAgain([[event('old'), event('both')]])).toBe(3);
    expect([...sink.counts]).toEqual([
      ['old', 1],
      ['both', 1],
      ['missed', 1],
    ]);
  });

  it('does not count again an event it read when its notice comes soon after; lets the ids go later', () => {
    const { sink, counting, wait } = setup();
    counting.read().countAgain([[event('a'), event('b')]]);
    counting.add([event('b'), event('c')]);
    expect(sink.counts.get('b')).toBe(1);
    expect(sink.counts.get('c')).toBe(1);
    wait(HEARD_LATE_MS + 1);
    counting.add([event('a')]);
    expect(sink.counts.get('a')).toBe(2);
  });

  it('treats the ids loaded at start-up as read, until forgotten', () => {
    const { sink, counting } = setup();
    sink.addEvents([event('loaded')]);
    counting.counted(new Set(['loaded']));
    counting.add([event('loaded')]);
    expect(sink.counts.get('loaded')).toBe(1);
    // A forgotten user's events are deleted: the same id tracked anew is a new event.
    counting.forgetRecent();
    counting.add([event('loaded')]);
    expect(sink.counts.get('loaded')).toBe(2);
  });

  it('keeps nothing for a read that ended without counting, and refuses to count a read twice', () => {
    const { sink, counting } = setup();
    const failed = counting.read();
    failed.close();
    const read = counting.read();
    counting.add([event('x')]);
    read.countAgain([]);
    expect(sink.counts.get('x')).toBe(1);
    expect(() => read.countAgain([])).toThrow('ended');
    expect(() => failed.countAgain([])).toThrow('ended');
  });

  it('recognises the last RECENT_IDS ids a read counted, not the whole store', () => {
    const recent = new RecentIds();
    const batch = (b: number) => Array.from({ length: 5000 }, (_, i) => event(`b${b}e${i}`));
    const batches = RECENT_IDS / 5000 + 3;
    for (let b = 0; b < batches; b++) recent.add(batch(b));
    const ids = recent.ids();
    expect(ids.size).toBeGreaterThanOrEqual(RECENT_IDS);
    expect(ids.size).toBeLessThan(RECENT_IDS + 5000);
    expect(ids.has(`b${batches - 1}e4999`)).toBe(true);
    expect(ids.has('b0e0')).toBe(false);
  });

  it('counts every event once however reads and notices interleave (property)', () => {
    // Each event is stored before the read, during it (read or not), or after; its notice comes
    // before the recount or soon after it (an event stored before the read was heard before it).
    const fate = fc.record({
      stored: fc.constantFrom('before', 'during-read', 'during-missed', 'after'),
      heardLate: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fate, { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (fates, batchSize) => {
        const { sink, counting } = setup();
        const ids = fates.map((_, i) => `e${i}`);
        const readIds: string[] = [];
        fates.forEach(({ stored }, i) => {
          if (stored === 'before') {
            counting.add([event(ids[i]!)]);
            readIds.push(ids[i]!);
          }
        });
        const read = counting.read();
        const late: string[] = [];
        fates.forEach(({ stored, heardLate }, i) => {
          if (stored === 'before' || stored === 'after') return;
          if (stored === 'during-read') readIds.push(ids[i]!);
          if (heardLate) late.push(ids[i]!);
          else counting.add([event(ids[i]!)]);
        });
        const batches: TrackedEvent[][] = [];
        for (let i = 0; i < readIds.length; i += batchSize) batches.push(readIds.slice(i, i + batchSize).map(event));
        read.countAgain(batches);
        counting.add(late.map(event));
        fates.forEach(({ stored }, i) => stored === 'after' && counting.add([event(ids[i]!)]));
        expect(sink.counts.size).toBe(fates.length);
        expect([...sink.counts.values()].every((n) => n === 1)).toBe(true);
      }),
    );
  });
});
