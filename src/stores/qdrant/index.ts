/**
 * A {@link VectorStore} on Qdrant through the host's `@qdrant/js-client-rest` client (an
 * optional peer dependency):
 *
 * ```ts
 * import { QdrantClient } from '@qdrant/js-client-rest';
 * import { QdrantVectorStore } from '@media-gateway/sona/qdrant';
 * const vectors = new QdrantVectorStore(new QdrantClient({ url: 'http://localhost:6333' }), { collection: 'sona_items', dimension: 384 });
 * const engine = await createEngine({ embedder, stores: { vectors } });
 * ```
 *
 * @packageDocumentation
 */
export { QdrantVectorStore, qdrantPointId, type QdrantClientLike, type QdrantVectorStoreOptions } from './qdrant-vector-store.js';
export type { VectorStore } from '../types.js';
