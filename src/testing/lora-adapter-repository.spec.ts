import assert from 'node:assert/strict';
import type { LoraAdapterRepository } from '../stores/types.js';
import { defineCases, HOSTILE_STRINGS, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

const bytes = (...xs: number[]) => Uint8Array.from(xs);

/** The contract every {@link LoraAdapterRepository} must meet. */
export function loraAdapterRepositorySpec(make: StoreFactory<LoraAdapterRepository>, options: SpecOptions<LoraAdapterRepository> = {}): ConformanceCase[] {
  return defineCases(make, options, {
    'adapters: versions count per user and adapter name': async (repo) => {
      assert.equal(await repo.save('u1', 'default', bytes(1), 1), 1);
      assert.equal(await repo.save('u1', 'default', bytes(2), 2), 2);
      assert.equal(await repo.save('u1', 'experimental', bytes(3), 1), 1);
      assert.equal(await repo.save('u2', 'default', bytes(4), 1), 1);
      const latest = await repo.latest('u1', 'default');
      assert.equal(latest?.version, 2);
      assert.equal(latest?.trainingIterations, 2);
      assert.deepEqual(Array.from(latest!.data), [2]);
      assert.deepEqual(Array.from((await repo.get('u1', 'default', 1))!.data), [1]);
      assert.equal(await repo.latest('u3', 'default'), undefined);
    },
    'adapters: list shows every version of the user only': async (repo) => {
      await repo.save('u1', 'default', bytes(1, 1), 1);
      await repo.save('u1', 'staging', bytes(1), 1);
      await repo.save('u2', 'default', bytes(1), 1);
      const list = await repo.list('u1');
      assert.equal(list.length, 2);
      assert.ok(list.every((a) => a.userId === 'u1' && !('data' in a)));
      assert.deepEqual(list.map((a) => a.adapterName).sort(), ['default', 'staging']);
    },
    'adapters: delete one version or one name': async (repo) => {
      await repo.save('u1', 'default', bytes(1), 1);
      await repo.save('u1', 'default', bytes(2), 2);
      await repo.save('u1', 'other', bytes(3), 1);
      assert.equal(await repo.delete('u1', 'default', 2), 1);
      assert.equal((await repo.latest('u1', 'default'))?.version, 1);
      assert.equal(await repo.delete('u1', 'default'), 1);
      assert.equal(await repo.latest('u1', 'default'), undefined);
      assert.equal((await repo.latest('u1', 'other'))?.version, 1);
    },
    'adapters: deleteUser removes every version of every adapter': async (repo) => {
      await repo.save('u1', 'default', bytes(1), 1);
      await repo.save('u1', 'default', bytes(2), 2);
      await repo.save('u1', 'other', bytes(3), 1);
      await repo.save('u2', 'default', bytes(4), 1);
      assert.equal(await repo.deleteUser('u1'), 3);
      assert.deepEqual(await repo.list('u1'), []);
      assert.equal((await repo.list('u2')).length, 1);
    },
    'adapters: hostile user ids and names are kept apart': async (repo) => {
      for (const s of HOSTILE_STRINGS) await repo.save(s, s, bytes(s.length & 0xff), 1);
      for (const s of HOSTILE_STRINGS) {
        const got = await repo.latest(s, s);
        assert.deepEqual(Array.from(got!.data), [s.length & 0xff]);
        assert.equal((await repo.list(s)).length, 1);
      }
    },
  });
}
