/** How the item-item models (kNN, EASE, RP3beta) travel in a model snapshot, checked on the way back in. */
import type { ItemItemModel } from '../algorithms/cf/item-item.js';
import { StoreError } from '../core/errors.js';
import type { ModelKind } from './model-source.js';

/**
 * Snapshot encoding of an item-item model (kNN, EASE, RP3beta): its options as metadata and its
 * neighbour lists as three arrays.
 */
export function itemItemCodec(
  label: string,
  make: (meta: Record<string, unknown>) => ItemItemModel,
): Pick<ModelKind<{ enabled: boolean }>, 'encode' | 'decode'> {
  return {
    encode(model) {
      const m = model as ItemItemModel & { options: object };
      const nb = m.neighbours!;
      return { meta: { ...m.options }, arrays: { indptr: nb.indptr, indices: nb.indices, data: nb.data } };
    },
    decode({ meta, arrays }, items) {
      const { indptr, indices, data } = arrays;
      if (!(indptr instanceof Int32Array) || !(indices instanceof Int32Array) || !(data instanceof Float32Array)) {
        throw new StoreError(`corrupt snapshot: ${label} arrays`);
      }
      if (indptr.length !== items.size + 1 || indices.length !== data.length || indptr[items.size] !== indices.length) {
        throw new StoreError(`corrupt snapshot: ${label} neighbour rows`);
      }
      if (indices.some((j) => j < 0 || j >= items.size)) throw new StoreError(`corrupt snapshot: ${label} neighbour ids`);
      const model = make(meta);
      model.neighbours = { rows: items.size, cols: items.size, indptr, indices, data };
      return model;
    },
  };
}
