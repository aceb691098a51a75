import assert from 'node:assert/strict';
import { NotFoundError, SonaError } from '../core/errors.js';
import type { NewExperiment } from '../experiments/types.js';
import type { ExperimentRepository } from '../stores/types.js';
import { defineCases, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

const input = (name = 'blend-test'): NewExperiment => ({
  name,
  description: 'Does more content weight help?',
  trafficAllocation: 0.5,
  seed: 'seed-1',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5, config: { weights: { content: 0.6 } } },
  ],
});

/** The contract every {@link ExperimentRepository} must meet. */
export function experimentRepositorySpec(make: StoreFactory<ExperimentRepository>, options: SpecOptions<ExperimentRepository> = {}): ConformanceCase[] {
  return defineCases(make, options, {
    'experiments: create stores the experiment and its variants': async (repo) => {
      const e = await repo.create(input());
      assert.equal(e.status, 'draft');
      assert.equal(e.trafficAllocation, 0.5);
      assert.equal(e.seed, 'seed-1');
      assert.deepEqual(
        e.variants.map((v) => v.name),
        ['control', 'treatment'],
      );
      assert.deepEqual(e.variants[0]!.config, {});
      assert.deepEqual(e.variants[1]!.config, { weights: { content: 0.6 } });
      assert.deepEqual(await repo.get(e.id), e);
      assert.deepEqual(await repo.getByName('blend-test'), e);
      assert.equal(await repo.get('00000000-0000-4000-8000-000000000000'), undefined);
    },
    'experiments: names are unique': async (repo) => {
      await repo.create(input());
      await assert.rejects(repo.create(input()), SonaError);
      assert.equal((await repo.list()).length, 1);
    },
    'experiments: list filters by status': async (repo) => {
      const a = await repo.create(input('a'));
      await repo.create(input('b'));
      await repo.update(a.id, { status: 'running' });
      assert.deepEqual(
        (await repo.list({ status: 'running' })).map((e) => e.name),
        ['a'],
      );
      assert.equal((await repo.list()).length, 2);
    },
    'experiments: update changes fields and updatedAt': async (repo) => {
      const e = await repo.create(input());
      const u = await repo.update(e.id, { status: 'running', trafficAllocation: 1, description: 'now' });
      assert.equal(u.status, 'running');
      assert.equal(u.trafficAllocation, 1);
      assert.equal(u.description, 'now');
      assert.ok(u.updatedAt.getTime() > e.updatedAt.getTime());
      await assert.rejects(repo.update('00000000-0000-4000-8000-000000000000', { status: 'paused' }), NotFoundError);
    },
    'experiments: namespace and schedule are stored, changed and cleared': async (repo) => {
      const startsAt = new Date(Date.UTC(2030, 0, 1));
      const endsAt = new Date(Date.UTC(2030, 1, 1));
      const e = await repo.create({ ...input(), namespace: { id: 'home-row', start: 0, end: 0.5 }, startsAt, endsAt });
      assert.deepEqual(e.namespace, { id: 'home-row', start: 0, end: 0.5 });
      assert.equal(e.startsAt?.getTime(), startsAt.getTime());
      assert.equal(e.endsAt?.getTime(), endsAt.getTime());
      assert.deepEqual(await repo.get(e.id), e);
      const moved = await repo.update(e.id, { namespace: { id: 'home-row', start: 0.5, end: 1 }, endsAt: null });
      assert.deepEqual(moved.namespace, { id: 'home-row', start: 0.5, end: 1 });
      assert.equal(moved.endsAt, undefined);
      assert.equal(moved.startsAt?.getTime(), startsAt.getTime());
      const cleared = await repo.update(e.id, { namespace: null, startsAt: null });
      assert.equal(cleared.namespace, undefined);
      assert.equal(cleared.startsAt, undefined);
    },
    'experiments: re-seeding deletes assignments, the same seed keeps them': async (repo) => {
      const e = await repo.create(input());
      await repo.assign(e.id, 'u1', e.variants[0]!.id);
      await repo.update(e.id, { seed: 'seed-1', trafficAllocation: 0.9 });
      assert.ok(await repo.getAssignment(e.id, 'u1'));
      await repo.update(e.id, { seed: 'seed-2' });
      assert.equal(await repo.getAssignment(e.id, 'u1'), undefined);
      assert.equal((await repo.get(e.id))?.seed, 'seed-2');
    },
    'experiments: the first assignment sticks': async (repo) => {
      const e = await repo.create(input());
      const [control, treatment] = e.variants;
      const first = await repo.assign(e.id, 'u1', control!.id);
      const second = await repo.assign(e.id, 'u1', treatment!.id);
      assert.equal(first.variantId, control!.id);
      assert.equal(second.variantId, control!.id);
      assert.equal((await repo.getAssignment(e.id, 'u1'))?.variantId, control!.id);
      assert.equal(await repo.getAssignment(e.id, 'u2'), undefined);
    },
    'experiments: concurrent first assignments end in exactly one': async (repo) => {
      const e = await repo.create(input());
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => repo.assign(e.id, 'u1', e.variants[i % 2]!.id)));
      assert.equal(new Set(results.map((r) => r.variantId)).size, 1);
      const totals = await repo.totals(e.id);
      assert.equal(
        totals.reduce((s, t) => s + t.users, 0),
        1,
      );
    },
    'experiments: exposures count once per user': async (repo) => {
      const e = await repo.create(input());
      const v = e.variants[0]!.id;
      await repo.assign(e.id, 'u1', v);
      assert.equal(await repo.recordExposure(e.id, 'u1', v, { endpoint: 'recommendations' }), true);
      assert.equal(await repo.recordExposure(e.id, 'u1', v), false);
      const totals = await repo.totals(e.id);
      assert.equal(totals.find((t) => t.variantId === v)?.exposedUsers, 1);
    },
    'experiments: totals sum conversions per variant and metric': async (repo) => {
      const e = await repo.create(input());
      const [c, t] = e.variants.map((v) => v.id) as [string, string];
      await repo.assign(e.id, 'u1', c);
      await repo.assign(e.id, 'u2', t);
      await repo.assign(e.id, 'u3', t);
      await repo.recordConversion(e.id, 'u2', t, 'watch_completion', 0.5);
      await repo.recordConversion(e.id, 'u2', t, 'watch_completion', 1, { itemId: 'heat' });
      await repo.recordConversion(e.id, 'u3', t, 'watch_completion', 2);
      await repo.recordConversion(e.id, 'u1', c, 'click', 1);
      const totals = await repo.totals(e.id);
      const tt = totals.find((x) => x.variantId === t)!;
      assert.equal(tt.users, 2);
      assert.deepEqual(tt.metrics.watch_completion, { count: 3, users: 2, sum: 3.5, sumSquares: 5.25 });
      assert.deepEqual(totals.find((x) => x.variantId === c)!.metrics, { click: { count: 1, users: 1, sum: 1, sumSquares: 1 } });
    },
    'experiments: records for an unknown experiment or variant are refused': async (repo) => {
      const e = await repo.create(input());
      await assert.rejects(repo.assign(e.id, 'u1', '00000000-0000-4000-8000-000000000000'), NotFoundError);
      await assert.rejects(repo.assign('00000000-0000-4000-8000-000000000000', 'u1', e.variants[0]!.id), NotFoundError);
    },
    'experiments: delete removes the experiment and its records': async (repo) => {
      const e = await repo.create(input());
      await repo.assign(e.id, 'u1', e.variants[0]!.id);
      assert.equal(await repo.delete(e.id), true);
      assert.equal(await repo.get(e.id), undefined);
      assert.equal(await repo.delete(e.id), false);
      const again = await repo.create(input());
      assert.equal(await repo.getAssignment(again.id, 'u1'), undefined);
    },
  });
}
