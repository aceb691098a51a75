import assert from 'node:assert/strict';
import type { ModelRepository } from '../stores/types.js';
import { defineCases, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

const bytes = (...xs: number[]) => Uint8Array.from(xs);

/** The contract every {@link ModelRepository} must meet. */
export function modelRepositorySpec(make: StoreFactory<ModelRepository>, options: SpecOptions<ModelRepository> = {}): ConformanceCase[] {
  return defineCases(make, options, {
    'models: versions count up from 1 per name and latest wins': async (repo) => {
      assert.equal(await repo.save('als', bytes(1), { factors: 64 }), 1);
      assert.equal(await repo.save('als', bytes(2, 2)), 2);
      assert.equal(await repo.save('knn', bytes(9)), 1);
      const latest = await repo.latest('als');
      assert.equal(latest?.version, 2);
      assert.deepEqual(Array.from(latest!.data), [2, 2]);
      assert.equal(latest?.sizeBytes, 2);
      assert.ok(latest?.createdAt instanceof Date);
      assert.equal(await repo.latest('missing'), undefined);
    },
    'models: a given version loads with its metadata': async (repo) => {
      await repo.save('als', bytes(1, 2, 3), { factors: 64, note: "it's" });
      await repo.save('als', bytes(4));
      const v1 = await repo.get('als', 1);
      assert.deepEqual(Array.from(v1!.data), [1, 2, 3]);
      assert.deepEqual(v1!.metadata, { factors: 64, note: "it's" });
      assert.equal(await repo.get('als', 3), undefined);
    },
    'models: list is newest first without data': async (repo) => {
      await repo.save('als', bytes(1));
      await repo.save('als', bytes(1, 1));
      const list = await repo.list('als');
      assert.deepEqual(
        list.map((s) => s.version),
        [2, 1],
      );
      assert.deepEqual(
        list.map((s) => s.sizeBytes),
        [2, 1],
      );
      assert.ok(list.every((s) => !('data' in s)));
    },
    'models: delete one version or all': async (repo) => {
      await repo.save('als', bytes(1));
      await repo.save('als', bytes(2));
      await repo.save('als', bytes(3));
      assert.equal(await repo.delete('als', 3), 1);
      assert.equal((await repo.latest('als'))?.version, 2);
      assert.equal(await repo.delete('als'), 2);
      assert.equal(await repo.latest('als'), undefined);
      assert.equal(await repo.delete('als'), 0);
    },
    'models: stored bytes are copies': async (repo) => {
      const data = bytes(1, 2, 3);
      await repo.save('m', data);
      data[0] = 99;
      const got = await repo.latest('m');
      assert.deepEqual(Array.from(got!.data), [1, 2, 3]);
    },
    'models: large binary snapshots round-trip exactly': async (repo) => {
      const data = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
      await repo.save('big', data);
      assert.deepEqual((await repo.latest('big'))!.data, data);
    },
  });
}
