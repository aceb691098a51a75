import type { AdapterInfo, LoraAdapterRepository, StoredAdapter } from '../types.js';
import { VersionedBlobs, type BlobVersion } from './versioned-blobs.js';
import { text } from '../checks.js';
import { checkAdapterSave, checkAdapterVersion } from '../port-checks.js';

interface Meta {
  userId: string;
  adapterName: string;
  trainingIterations: number;
}

// JSON of the pair cannot collide the way a plain separator could, whatever the ids contain.
const keyOf = (userId: string, adapterName: string): string => JSON.stringify([userId, adapterName]);

const ownerOf = (key: string): string => (JSON.parse(key) as [string, string])[0];

function toAdapter(v: BlobVersion<Meta>): StoredAdapter {
  return {
    userId: v.meta.userId,
    adapterName: v.meta.adapterName,
    version: v.version,
    sizeBytes: v.data.byteLength,
    trainingIterations: v.meta.trainingIterations,
    createdAt: v.createdAt,
    data: v.data,
  };
}

/** Adapter versions in memory; the reference {@link LoraAdapterRepository}. */
export class MemoryLoraAdapterRepository implements LoraAdapterRepository {
  private readonly blobs = new VersionedBlobs<Meta>();

  async save(userId: string, adapterName: string, data: Uint8Array, trainingIterations: number): Promise<number> {
    checkAdapterSave(userId, adapterName, data, trainingIterations);
    return this.blobs.save(keyOf(userId, adapterName), data, { userId, adapterName, trainingIterations }).version;
  }

  async latest(userId: string, adapterName: string): Promise<StoredAdapter | undefined> {
    checkAdapterVersion(userId, adapterName);
    const v = this.blobs.latest(keyOf(userId, adapterName));
    return v && toAdapter(v);
  }

  async get(userId: string, adapterName: string, version: number): Promise<StoredAdapter | undefined> {
    checkAdapterVersion(userId, adapterName, version, true);
    const v = this.blobs.get(keyOf(userId, adapterName), version);
    return v && toAdapter(v);
  }

  async list(userId: string): Promise<AdapterInfo[]> {
    text(userId, 'userId');
    const out: AdapterInfo[] = [];
    for (const key of this.blobs.keys()) {
      if (ownerOf(key) !== userId) continue;
      for (const v of this.blobs.list(key)) {
        const { data: _data, ...info } = toAdapter(v);
        out.push(info);
      }
    }
    return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.version - a.version);
  }

  async delete(userId: string, adapterName: string, version?: number): Promise<number> {
    checkAdapterVersion(userId, adapterName, version);
    return this.blobs.delete(keyOf(userId, adapterName), version);
  }

  async deleteUser(userId: string): Promise<number> {
    text(userId, 'userId');
    let n = 0;
    for (const key of this.blobs.keys()) if (ownerOf(key) === userId) n += this.blobs.delete(key);
    return n;
  }
}
