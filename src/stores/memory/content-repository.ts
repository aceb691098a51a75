import type { ContentItem } from '../../core/types.js';
import type { ContentRepository } from '../types.js';
import { clone, inBatches } from './batches.js';
import { optionalObject, text, texts } from '../checks.js';
import { checkUpsertItems } from '../port-checks.js';

/** The catalogue in a `Map`; the reference {@link ContentRepository}. */
export class MemoryContentRepository implements ContentRepository {
  private readonly items = new Map<string, ContentItem>();

  async upsert(items: readonly ContentItem[]): Promise<void> {
    checkUpsertItems(items);
    const copies = items.map(clone);
    for (const item of copies) this.items.set(item.id, item);
  }

  async get(id: string): Promise<ContentItem | undefined> {
    text(id, 'id');
    const item = this.items.get(id);
    return item && clone(item);
  }

  async getMany(ids: readonly string[]): Promise<ContentItem[]> {
    texts(ids, 'ids');
    const out: ContentItem[] = [];
    for (const id of ids) {
      const item = this.items.get(id);
      if (item) out.push(clone(item));
    }
    return out;
  }

  async missing(ids: readonly string[]): Promise<string[]> {
    texts(ids, 'ids');
    return [...new Set(ids)].filter((id) => !this.items.has(id));
  }

  async *scan(options: { batchSize?: number } = {}): AsyncIterable<ContentItem[]> {
    optionalObject(options, 'options');
    const ids = [...this.items.keys()].sort(compareIds);
    for await (const batch of inBatches(ids, options.batchSize)) {
      yield batch.flatMap((id) => {
        const item = this.items.get(id);
        return item ? [clone(item)] : [];
      });
    }
  }

  async count(): Promise<number> {
    return this.items.size;
  }

  async delete(ids: readonly string[]): Promise<number> {
    texts(ids, 'ids');
    let n = 0;
    for (const id of new Set(ids)) if (this.items.delete(id)) n++;
    return n;
  }
}

/** Code-unit order, the same order PostgreSQL's "C" collation gives. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
