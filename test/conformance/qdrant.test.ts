import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, DimensionMismatchError, StoreError, createEngine } from '../../src/index.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';
import { QdrantVectorStore, qdrantPointId } from '../../src/stores/qdrant/index.js';
import { vectorStoreSpec } from '../../src/testing/index.js';
import { QdrantContractServer } from '../fixtures/qdrant-contract-server.js';
import { registerSuite } from './register.js';

const API_KEY = 'test-key';
let server: QdrantContractServer;
let client: QdrantClient;
beforeAll(async () => {
  server = await new QdrantContractServer(API_KEY).start();
  client = new QdrantClient({ url: server.url, apiKey: API_KEY, checkCompatibility: false });
});
afterAll(async () => {
  await server?.close();
});

let collections = 0;
registerSuite(
  'QdrantVectorStore (against the REST contract server)',
  vectorStoreSpec(async () => new QdrantVectorStore(client, { collection: `conformance_${collections++}`, dimension: 4 })),
);

const unit = (d: number, i: number) => Float32Array.from({ length: d }, (_, j) => (j === i % d ? 1 : 0.1));

describe('QdrantVectorStore requests', () => {
  it('creates a cosine collection of the right size with a keyword index on sona_id, once', async () => {
    const store = new QdrantVectorStore(client, { collection: 'created', dimension: 8 });
    await store.count();
    await store.count();
    const calls = server.requests.filter((r) => r.path.startsWith('/collections/created'));
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /collections/created/exists',
      'PUT /collections/created',
      'PUT /collections/created/index',
      'POST /collections/created/points/count',
      'POST /collections/created/points/count',
    ]);
    expect(calls[1]!.body).toEqual({ vectors: { size: 8, distance: 'Cosine' } });
    expect(calls[2]!.body).toEqual({ field_name: 'sona_id', field_schema: 'keyword' });
    expect(calls.every((r) => r.apiKey === API_KEY)).toBe(true);
  });

  it('upserts in batches with wait=true, under stable UUID point ids carrying the content id', async () => {
    const store = new QdrantVectorStore(client, { collection: 'batched', dimension: 4, batchSize: 256 });
    await store.upsert(Array.from({ length: 600 }, (_, i) => ({ id: `item-${i}`, vector: unit(4, i), fingerprint: 'f' })));
    const upserts = server.requests.filter((r) => r.method === 'PUT' && r.path === '/collections/batched/points');
    expect(upserts.map((r) => (r.body as { points: unknown[] }).points.length)).toEqual([256, 256, 88]);
    expect(upserts.every((r) => r.query.wait === 'true')).toBe(true);
    const first = (upserts[0]!.body as { points: Array<{ id: string; payload: Record<string, string> }> }).points[0]!;
    expect(first.id).toBe(qdrantPointId('item-0'));
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.payload).toEqual({ sona_id: 'item-0', sona_fingerprint: 'f' });
    expect(qdrantPointId('item-0')).toBe(qdrantPointId('item-0'));
    expect(qdrantPointId('item-0')).not.toBe(qdrantPointId('item-1'));
    expect(await store.count()).toBe(600);
  });

  it('filters allowed ids by payload and excluded ids by point id', async () => {
    const store = new QdrantVectorStore(client, { collection: 'filtered', dimension: 4 });
    await store.upsert([0, 1, 2, 3].map((i) => ({ id: `f${i}`, vector: unit(4, i) })));
    await store.query(unit(4, 0), { k: 2, ids: ['f0', 'f1'], excludeIds: ['f1'] });
    const query = server.requests.filter((r) => r.path === '/collections/filtered/points/query').at(-1)!;
    expect(query.body).toMatchObject({
      limit: 2,
      filter: { must: [{ key: 'sona_id', match: { any: ['f0', 'f1'] } }], must_not: [{ has_id: [qdrantPointId('f1')] }] },
      with_payload: ['sona_id'],
    });
  });

  it('refuses an existing collection of another dimension or distance', async () => {
    await client.createCollection('wrong_size', { vectors: { size: 3, distance: 'Cosine' } });
    await expect(new QdrantVectorStore(client, { collection: 'wrong_size', dimension: 4 }).count()).rejects.toBeInstanceOf(DimensionMismatchError);
    await client.createCollection('wrong_distance', { vectors: { size: 4, distance: 'Dot' } });
    await expect(new QdrantVectorStore(client, { collection: 'wrong_distance', dimension: 4 }).count()).rejects.toBeInstanceOf(ConfigurationError);
    expect(() => new QdrantVectorStore(client, { collection: 'bad/name', dimension: 4 })).toThrow(ConfigurationError);
  });

  it('turns server failures into StoreError', async () => {
    const wrongKey = new QdrantClient({ url: server.url, apiKey: 'nope', checkCompatibility: false });
    const error = await new QdrantVectorStore(wrongKey, { collection: 'denied', dimension: 4 }).count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
  });

  it('serves the engine as its vector store', async () => {
    const vectors = new QdrantVectorStore(client, { collection: 'engine', dimension: 512 });
    const engine = await createEngine({ stores: { ...createMemoryStores({ dimension: 512 }), vectors } });
    await engine.upsertContent([
      { id: 'heat', title: 'Heat', genres: ['Crime', 'Thriller'], description: 'A heist crew and a detective in Los Angeles' },
      { id: 'ronin', title: 'Ronin', genres: ['Crime', 'Thriller'], description: 'A heist crew of mercenaries in Paris' },
      { id: 'up', title: 'Up', genres: ['Animation', 'Family'], description: 'A balloon house flies to South America' },
    ]);
    expect((await engine.similarItems('heat', { count: 1 }))[0]!.itemId).toBe('ronin');
    await engine.close();
  });
});
