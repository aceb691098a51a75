import type { ModelRepository, Snapshot, SnapshotInfo } from '../types.js';
import { VersionedBlobs, type BlobVersion } from './versioned-blobs.js';
import { text } from '../checks.js';
import { checkModelSave, checkModelVersion } from '../port-checks.js';

function toSnapshot(name: string, v: BlobVersion<Record<string, unknown>>): Snapshot {
  return { name, version: v.version, sizeBytes: v.data.byteLength, createdAt: v.createdAt, metadata: v.meta, data: v.data };
}

/** Versioned snapshots in memory; the reference {@link ModelRepository}. */
export class MemoryModelRepository implements ModelRepository {
  private readonly blobs = new VersionedBlobs<Record<string, unknown>>();

  async save(name: string, data: Uint8Array, metadata: Record<string, unknown> = {}): Promise<number> {
    checkModelSave(name, data, metadata);
    return this.blobs.save(name, data, metadata).version;
  }

  async latest(name: string): Promise<Snapshot | undefined> {
    text(name, 'name');
    const v = this.blobs.latest(name);
    return v && toSnapshot(name, v);
  }

  async get(name: string, version: number): Promise<Snapshot | undefined> {
    checkModelVersion(name, version, true);
    const v = this.blobs.get(name, version);
    return v && toSnapshot(name, v);
  }

  async list(name: string): Promise<SnapshotInfo[]> {
    text(name, 'name');
    return this.blobs.list(name).map((v) => {
      const { data: _data, ...info } = toSnapshot(name, v);
      return info;
    });
  }

  async delete(name: string, version?: number): Promise<number> {
    checkModelVersion(name, version, false);
    return this.blobs.delete(name, version);
  }
}
