import assert from 'node:assert/strict';
import type { ContentItem } from '../core/types.js';
import type { ContentRepository } from '../stores/types.js';
import { collect, defineCases, HOSTILE_STRINGS, type ConformanceCase, type SpecOptions, type StoreFactory } from './harness.js';

const full: ContentItem = {
  id: 'heat',
  title: 'Heat',
  description: 'A group of professional bank robbers start to feel the heat.',
  genres: ['Crime', 'Thriller'],
  cast: ['Al Pacino', 'Robert De Niro'],
  directors: ['Michael Mann'],
  themes: ['heist'],
  releaseYear: 1995,
  popularity: 0.8,
  runtimeMinutes: 170,
  metadata: { region: ['BE', 'NL'], rating: 'R', nested: { deep: [1, 2, { x: null }] } },
};

/** The contract every {@link ContentRepository} must meet. */
export function contentRepositorySpec(make: StoreFactory<ContentRepository>, options: SpecOptions<ContentRepository> = {}): ConformanceCase[] {
  return defineCases(make, options, {
    'content: stores every field and reads it back equal': async (repo) => {
      await repo.upsert([full, { id: 'bare', title: 'Bare' }]);
      assert.deepEqual(await repo.get('heat'), full);
      assert.deepEqual(await repo.get('bare'), { id: 'bare', title: 'Bare' });
      assert.equal(await repo.get('nope'), undefined);
      assert.equal(await repo.count(), 2);
    },
    'content: upsert replaces by id': async (repo) => {
      await repo.upsert([full]);
      await repo.upsert([{ id: 'heat', title: 'Heat (1995)', genres: ['Crime'] }]);
      assert.deepEqual(await repo.get('heat'), { id: 'heat', title: 'Heat (1995)', genres: ['Crime'] });
      assert.equal(await repo.count(), 1);
    },
    'content: getMany keeps request order and skips unknown ids': async (repo) => {
      await repo.upsert([
        { id: 'a', title: 'A' },
        { id: 'b', title: 'B' },
        { id: 'c', title: 'C' },
      ]);
      const got = await repo.getMany(['c', 'zz', 'a']);
      assert.deepEqual(
        got.map((i) => i.id),
        ['c', 'a'],
      );
      assert.deepEqual(await repo.getMany([]), []);
    },
    'content: missing lists unknown ids': async (repo) => {
      await repo.upsert([{ id: 'a', title: 'A' }]);
      assert.deepEqual((await repo.missing(['a', 'b', 'c'])).sort(), ['b', 'c']);
      assert.deepEqual(await repo.missing(['a']), []);
    },
    'content: scan yields every item once, ordered by id, in batches': async (repo) => {
      const items = Array.from({ length: 25 }, (_, i) => ({ id: `item-${String(i).padStart(2, '0')}`, title: `T${i}` }));
      await repo.upsert([...items].reverse());
      const batches: ContentItem[][] = [];
      for await (const batch of repo.scan({ batchSize: 10 })) batches.push(batch);
      assert.ok(
        batches.every((b) => b.length <= 10),
        'batches respect batchSize',
      );
      assert.deepEqual(
        batches.flat().map((i) => i.id),
        items.map((i) => i.id),
      );
    },
    'content: delete removes and counts existing items': async (repo) => {
      await repo.upsert([
        { id: 'a', title: 'A' },
        { id: 'b', title: 'B' },
      ]);
      assert.equal(await repo.delete(['a', 'x']), 1);
      assert.equal(await repo.get('a'), undefined);
      assert.deepEqual(
        (await collect(repo.scan())).map((i) => i.id),
        ['b'],
      );
    },
    'content: hostile strings are stored verbatim': async (repo) => {
      const items = HOSTILE_STRINGS.map((s, i) => ({ id: s, title: s, genres: [s], metadata: { [s]: s, i } }));
      await repo.upsert(items);
      for (const item of items) assert.deepEqual(await repo.get(item.id), item);
    },
    'content: returned items are copies': async (repo) => {
      await repo.upsert([structuredClone(full)]);
      const got = (await repo.get('heat'))!;
      got.genres!.push('Mutated');
      got.title = 'Mutated';
      assert.deepEqual(await repo.get('heat'), full);
    },
  });
}
