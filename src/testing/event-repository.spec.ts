import assert from 'node:assert/strict';
import type { TrackedEvent } from '../core/types.js';
import type { EventRepository } from '../stores/types.js';
import { collect, defineCases, HOSTILE_STRINGS, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

const T0 = Date.UTC(2024, 0, 1);

function ev(id: string, userId: string, contentId: string, minutes: number, extra: Partial<TrackedEvent> = {}): TrackedEvent {
  return { id, userId, contentId, type: 'view', rewatch: false, timestamp: T0 + minutes * 60_000, ...extra };
}

/** The contract every {@link EventRepository} must meet. */
export function eventRepositorySpec(make: StoreFactory<EventRepository>, options: SpecOptions<EventRepository> = {}): ConformanceCase[] {
  return defineCases(make, options, {
    'events: append stores every field and returns the new events': async (repo) => {
      const e = ev('e1', 'u1', 'heat', 0, {
        type: 'rate',
        rating: 4.5,
        completion: 0.75,
        rewatch: true,
        context: { device: 'tv', timeZone: 'Europe/Brussels', mood: 'happy', viewingWith: ['family'], time: T0 },
      });
      const stored = await repo.append([e, ev('e2', 'u1', 'ronin', 1)]);
      assert.deepEqual(
        stored.map((x) => x.id),
        ['e1', 'e2'],
      );
      const list = await repo.listByUser('u1');
      assert.deepEqual(
        list.find((x) => x.id === 'e1'),
        e,
      );
      assert.equal(await repo.count(), 2);
    },
    'events: append is idempotent on the event id': async (repo) => {
      await repo.append([ev('e1', 'u1', 'a', 0)]);
      const again = await repo.append([ev('e1', 'u1', 'a', 0), ev('e2', 'u1', 'b', 1), ev('e2', 'u1', 'b', 1)]);
      assert.deepEqual(
        again.map((x) => x.id),
        ['e2'],
      );
      assert.equal(await repo.countByUser('u1'), 2);
      assert.equal(await repo.count(), 2);
    },
    'events: listByUser is newest first and honours limit': async (repo) => {
      await repo.append([ev('a', 'u1', 'x', 5), ev('b', 'u1', 'y', 9), ev('c', 'u1', 'z', 1), ev('d', 'u2', 'x', 7)]);
      assert.deepEqual(
        (await repo.listByUser('u1')).map((x) => x.id),
        ['b', 'a', 'c'],
      );
      assert.deepEqual(
        (await repo.listByUser('u1', { limit: 2 })).map((x) => x.id),
        ['b', 'a'],
      );
      assert.deepEqual(await repo.listByUser('nobody'), []);
    },
    'events: equal timestamps order by id descending': async (repo) => {
      await repo.append([ev('a', 'u1', 'x', 5), ev('c', 'u1', 'y', 5), ev('b', 'u1', 'z', 5)]);
      assert.deepEqual(
        (await repo.listByUser('u1')).map((x) => x.id),
        ['c', 'b', 'a'],
      );
    },
    'events: scan yields every event once in batches': async (repo) => {
      const events = Array.from({ length: 23 }, (_, i) => ev(`e${i}`, `u${i % 4}`, `c${i % 5}`, i));
      await repo.append(events);
      const batches: TrackedEvent[][] = [];
      for await (const batch of repo.scan({ batchSize: 7 })) batches.push(batch);
      assert.ok(batches.every((b) => b.length <= 7));
      assert.deepEqual(
        batches
          .flat()
          .map((e) => e.id)
          .sort(),
        events.map((e) => e.id).sort(),
      );
    },
    'events: scan yields the oldest stored first, whatever the ids and times': async (repo) => {
      // Instances rely on it: the events stored last are read last (docs/stores.md).
      await repo.append([ev('m', 'u1', 'x', 30), ev('b', 'u2', 'y', 10)]);
      await repo.append([ev('z', 'u1', 'y', 5)]);
      await repo.append([ev('a', 'u3', 'x', 50), ev('k', 'u2', 'x', 1)]);
      assert.deepEqual(
        (await collect(repo.scan({ batchSize: 2 }))).map((e) => e.id),
        ['m', 'b', 'z', 'a', 'k'],
      );
    },
    'events: deleteUser removes only that user': async (repo) => {
      await repo.append([ev('a', 'u1', 'x', 1), ev('b', 'u1', 'y', 2), ev('c', 'u2', 'x', 3)]);
      assert.equal(await repo.deleteUser('u1'), 2);
      assert.equal(await repo.countByUser('u1'), 0);
      assert.deepEqual(
        (await collect(repo.scan())).map((e) => e.id),
        ['c'],
      );
      assert.equal(await repo.deleteUser('u1'), 0);
    },
    'events: hostile ids are stored verbatim': async (repo) => {
      const events = HOSTILE_STRINGS.map((s, i) => ev(`${s}#${i}`, s, s, i));
      await repo.append(events);
      for (const e of events) assert.deepEqual(await repo.listByUser(e.userId), [e]);
    },
  });
}
