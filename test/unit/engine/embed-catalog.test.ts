import { describe, expect, it } from 'vitest';
import { AbortedError, createEngine, type Embedder } from '../../../src/index.js';
import { HashingEmbedder, vectorFingerprint } from '../../../src/embeddings/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import type { StoreSet } from '../../../src/stores/types.js';

/** Wraps an embedder, counting how many texts it was asked to embed. */
class CountingEmbedder implements Embedder {
  texts = 0;
  constructor(
    private readonly inner: Embedder,
    readonly modelId: string,
  ) {}
  get dimension() {
    return this.inner.dimension;
  }
  async embed(texts: readonly string[]) {
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

const items = Array.from({ length: 50 }, (_, i) => ({ id: `item-${i}`, title: `Film number ${i}`, genres: [i % 2 ? 'Drama' : 'Comedy'] }));

async function seeded(modelId: string, stores?: StoreSet) {
  const embedder = new CountingEmbedder(new HashingEmbedder({ dimension: 64 }), modelId);
  const engine = await createEngine({ embedder, stores: stores ?? createMemoryStores({ dimension: 64 }) });
  return { engine, embedder };
}

describe('engine.embedCatalog', () => {
  it('embeds nothing when every stored vector is current, and only changed items after an edit', async () => {
    const { engine, embedder } = await seeded('m1');
    await engine.upsertContent(items);
    embedder.texts = 0;
    const first = await engine.embedCatalog();
    expect(first).toMatchObject({ items: 50, embedded: 0, unchanged: 50, modelId: 'm1' });
    // Another writer changed two titles straight in the repository: their vectors are stale.
    await engine.stores.content.upsert([
      { ...items[3]!, title: 'A new title' },
      { ...items[7]!, description: 'Now with a synopsis' },
    ]);
    const second = await engine.embedCatalog();
    expect(second.embedded).toBe(2);
    expect(embedder.texts).toBe(2);
    const stored = await engine.stores.vectors.fingerprints(['item-3']);
    expect(stored.get('item-3')).toBe(vectorFingerprint('m1', 'A new title Genres: Drama.'));
    await engine.close();
  });

  it('re-embeds everything when the model changes', async () => {
    const stores = createMemoryStores({ dimension: 64 });
    const a = await seeded('model-a', stores);
    await a.engine.upsertContent(items);
    await a.engine.close();
    const b = await seeded('model-b', stores);
    const report = await b.engine.embedCatalog({ batchSize: 16 });
    expect(report).toMatchObject({ embedded: 50, unchanged: 0, modelId: 'model-b' });
    expect(b.embedder.texts).toBe(50);
    expect((await stores.vectors.fingerprints(['item-0'])).get('item-0')).toMatch(/^model-b#/);
    await b.engine.close();
  });

  it('resumes after an abort without re-embedding finished batches', async () => {
    const stores = createMemoryStores({ dimension: 64 });
    const a = await seeded('old', stores);
    await a.engine.upsertContent(items);
    await a.engine.close();
    const { engine, embedder } = await seeded('new', stores);
    const controller = new AbortController();
    const progress: number[] = [];
    const aborted = engine.embedCatalog({
      batchSize: 10,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done >= 20) controller.abort();
      },
    });
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(progress).toEqual([10, 20]);
    expect(embedder.texts).toBe(20);
    const resumed = await engine.embedCatalog({ batchSize: 10 });
    expect(resumed).toMatchObject({ embedded: 30, unchanged: 20 });
    expect(embedder.texts).toBe(50);
    await engine.close();
  });

  it('refuses a bad batch size', async () => {
    const { engine } = await seeded('m');
    await expect(engine.embedCatalog({ batchSize: 0 })).rejects.toThrow(/batchSize/);
    await engine.close();
  });
});
