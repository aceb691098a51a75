/** One stored version of a blob. */
export interface BlobVersion<M> {
  version: number;
  data: Uint8Array;
  createdAt: Date;
  meta: M;
}

/**
 * Append-only versions of binary blobs per key (1, 2, 3, ...), shared by the memory model and
 * adapter repositories. Bytes are copied in and out so callers cannot alter stored versions.
 */
export class VersionedBlobs<M> {
  private readonly byKey = new Map<string, Array<BlobVersion<M>>>();

  save(key: string, data: Uint8Array, meta: M): BlobVersion<M> {
    let versions = this.byKey.get(key);
    if (!versions) this.byKey.set(key, (versions = []));
    const version = (versions.at(-1)?.version ?? 0) + 1;
    const stored = { version, data: data.slice(), createdAt: new Date(), meta: structuredClone(meta) };
    versions.push(stored);
    return copy(stored);
  }

  latest(key: string): BlobVersion<M> | undefined {
    const v = this.byKey.get(key)?.at(-1);
    return v && copy(v);
  }

  get(key: string, version: number): BlobVersion<M> | undefined {
    const v = this.byKey.get(key)?.find((x) => x.version === version);
    return v && copy(v);
  }

  /** Versions of `key`, newest first. */
  list(key: string): Array<BlobVersion<M>> {
    return [...(this.byKey.get(key) ?? [])].reverse().map(copy);
  }

  /** Deletes one version or all of them; returns how many. */
  delete(key: string, version?: number): number {
    const versions = this.byKey.get(key);
    if (!versions) return 0;
    if (version === undefined) {
      this.byKey.delete(key);
      return versions.length;
    }
    const i = versions.findIndex((x) => x.version === version);
    if (i < 0) return 0;
    versions.splice(i, 1);
    // Keep the key so the next save continues numbering after the highest version ever used.
    return 1;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }
}

function copy<M>(v: BlobVersion<M>): BlobVersion<M> {
  return { version: v.version, data: v.data.slice(), createdAt: new Date(v.createdAt), meta: structuredClone(v.meta) };
}
