import { createHash } from 'node:crypto';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { ConfigurationError, DimensionMismatchError } from '../../core/errors.js';
import { isZeroVector } from '../../core/vector.js';
import { storeCall } from '../store-call.js';
import type { VectorMatch, VectorQuery, VectorRecord, VectorStore } from '../types.js';
import { checkVector, checkVectorRecords, texts, vectorQuery } from '../checks.js';

/** Options of {@link QdrantVectorStore}. */
export interface QdrantVectorStoreOptions {
  /** Collection name; created with cosine distance and this store's dimension if missing. */
  collection: string;
  /** Length of every vector. */
  dimension: number;
  /** Points per upsert or retrieve request (default 256). */
  batchSize?: number;
}

/** Payload keys SONA writes on every point. */
const ID_KEY = 'sona_id';
const FINGERPRINT_KEY = 'sona_fingerprint';

/**
 * A stable Qdrant point id for a content id. Qdrant accepts only unsigned integers and UUIDs, so
 * the id is hashed (SHA-256) into UUID form; the original id travels in the payload.
 */
export function qdrantPointId(id: string): string {
  const h = createHash('sha256').update(id, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8: application-defined
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The subset of `@qdrant/js-client-rest`'s QdrantClient this store calls. */
export type QdrantClientLike = Pick<
  QdrantClient,
  'collectionExists' | 'createCollection' | 'getCollection' | 'createPayloadIndex' | 'upsert' | 'retrieve' | 'delete' | 'query' | 'scroll' | 'count'
>;

/**
 * Vectors in a Qdrant collection (cosine distance, HNSW), through the host's `QdrantClient`.
 * The collection is created on first use; an existing one must have the same size and cosine
 * distance. Id filters use a keyword payload index on `sona_id`.
 *
 * Verified against a local server that checks each request against Qdrant's documented REST
 * API; it has not been run against a live Qdrant here.
 */
export class QdrantVectorStore implements VectorStore {
  readonly dimension: number;
  private readonly collection: string;
  private readonly batchSize: number;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly client: QdrantClientLike,
    options: QdrantVectorStoreOptions,
  ) {
    if (!Number.isInteger(options?.dimension) || options.dimension < 1) throw new ConfigurationError('dimension', 'must be a positive integer');
    if (typeof options.collection !== 'string' || !/^[A-Za-z0-9_.-]{1,255}$/.test(options.collection)) {
      throw new ConfigurationError('collection', 'must be 1-255 letters, digits, dots, dashes or underscores');
    }
    this.dimension = options.dimension;
    this.collection = options.collection;
    this.batchSize = options.batchSize ?? 256;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new ConfigurationError('batchSize', 'must be a positive integer');
  }

  /** Creates the collection and its payload index if missing, and checks an existing one fits. */
  ensureCollection(): Promise<void> {
    this.ready ??= storeCall('qdrant collection', async () => {
      const { exists } = await this.client.collectionExists(this.collection);
      if (!exists) {
        try {
          await this.client.createCollection(this.collection, { vectors: { size: this.dimension, distance: 'Cosine' } });
        } catch (error) {
          // Another process may have created it in between; anything else is a real failure.
          if (!(await this.client.collectionExists(this.collection)).exists) throw error;
        }
        await this.client.createPayloadIndex(this.collection, { field_name: ID_KEY, field_schema: 'keyword', wait: true });
        return;
      }
      const info = await this.client.getCollection(this.collection);
      const vectors = info.config.params.vectors as { size?: number; distance?: string } | undefined;
      if (vectors?.size === undefined)
        throw new ConfigurationError('collection', `${this.collection} uses named vectors; SONA needs one unnamed vector per point`);
      if (vectors.size !== this.dimension) throw new DimensionMismatchError(`qdrant collection ${this.collection}`, this.dimension, vectors.size);
      if (vectors.distance !== 'Cosine') throw new ConfigurationError('collection', `${this.collection} uses ${vectors.distance} distance; SONA needs Cosine`);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    checkVectorRecords(records, this.dimension);
    if (records.length === 0) return;
    await this.ensureCollection();
    // Later duplicates win, as in the other stores.
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    for (let start = 0; start < unique.length; start += this.batchSize) {
      const batch = unique.slice(start, start + this.batchSize);
      await storeCall('qdrant upsert', () =>
        this.client.upsert(this.collection, {
          wait: true,
          points: batch.map((r) => ({
            id: qdrantPointId(r.id),
            vector: Array.from(r.vector),
            payload: { [ID_KEY]: r.id, [FINGERPRINT_KEY]: r.fingerprint ?? '' },
          })),
        }),
      );
    }
  }

  async get(ids: readonly string[]): Promise<Map<string, Float32Array>> {
    texts(ids, 'ids');
    const out = new Map<string, Float32Array>();
    for (const point of await this.retrieve(ids, true)) {
      if (Array.isArray(point.vector)) out.set(point.payload[ID_KEY] as string, Float32Array.from(point.vector as number[]));
    }
    return out;
  }

  async fingerprints(ids: readonly string[]): Promise<Map<string, string>> {
    texts(ids, 'ids');
    const out = new Map<string, string>();
    for (const point of await this.retrieve(ids, false)) out.set(point.payload[ID_KEY] as string, String(point.payload[FINGERPRINT_KEY] ?? ''));
    return out;
  }

  async delete(ids: readonly string[]): Promise<number> {
    texts(ids, 'ids');
    const existing = await this.retrieve(ids, false);
    if (existing.length === 0) return 0;
    await storeCall('qdrant delete', () => this.client.delete(this.collection, { wait: true, points: existing.map((p) => p.id) }));
    return existing.length;
  }

  async query(vector: Float32Array, options: VectorQuery): Promise<VectorMatch[]> {
    vectorQuery(options, 'options');
    checkVector(vector, this.dimension, 'vector');
    const k = Math.max(0, Math.floor(options.k));
    if (k === 0 || options.ids?.length === 0) return [];
    await this.ensureCollection();
    const must = options.ids ? [{ key: ID_KEY, match: { any: [...new Set(options.ids)] } }] : [];
    const mustNot = options.excludeIds?.length ? [{ has_id: options.excludeIds.map(qdrantPointId) }] : [];
    const filter = must.length || mustNot.length ? { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) } : undefined;
    if (isZeroVector(vector)) {
      // No direction: every point scores 0, so any k points answer.
      const page = await storeCall('qdrant scroll', () =>
        this.client.scroll(this.collection, { limit: k, with_payload: [ID_KEY], with_vector: false, ...(filter ? { filter } : {}) }),
      );
      return page.points.map((p) => ({ id: p.payload![ID_KEY] as string, score: 0 }));
    }
    const result = await storeCall('qdrant query', () =>
      this.client.query(this.collection, { query: Array.from(vector), limit: k, with_payload: [ID_KEY], with_vector: false, ...(filter ? { filter } : {}) }),
    );
    return result.points.map((p) => ({ id: p.payload![ID_KEY] as string, score: Math.max(-1, Math.min(1, p.score)) }));
  }

  async count(): Promise<number> {
    await this.ensureCollection();
    return storeCall('qdrant count', async () => (await this.client.count(this.collection, { exact: true })).count);
  }

  private async retrieve(
    ids: readonly string[],
    withVector: boolean,
  ): Promise<Array<{ id: string | number; payload: Record<string, unknown>; vector?: unknown }>> {
    if (ids.length === 0) return [];
    await this.ensureCollection();
    const unique = [...new Set(ids)];
    const out: Array<{ id: string | number; payload: Record<string, unknown>; vector?: unknown }> = [];
    for (let start = 0; start < unique.length; start += this.batchSize) {
      const batch = unique.slice(start, start + this.batchSize);
      const points = await storeCall('qdrant retrieve', () =>
        this.client.retrieve(this.collection, { ids: batch.map(qdrantPointId), with_payload: true, with_vector: withVector }),
      );
      for (const p of points) out.push({ id: p.id, payload: (p.payload ?? {}) as Record<string, unknown>, vector: p.vector });
    }
    return out;
  }
}
