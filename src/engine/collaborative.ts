/**
 * Training the engine's collaborative sources (ALS and item-kNN) from stored events, and their
 * snapshot: item ids, ALS item factors and the kNN neighbour lists. User factors are not
 * stored: users are folded in from their history at request time.
 */
import { AlsModel, ItemKnnModel } from '../algorithms/cf/models.js';
import { buildInteractionMatrix } from '../algorithms/cf/matrix.js';
import type { Tuning } from '../core/config.js';
import { IdMap } from '../core/id-map.js';
import { decodeSnapshot, encodeSnapshot } from '../core/snapshot-format.js';
import { StoreError } from '../core/errors.js';
import type { Progress, TrackedEvent } from '../core/types.js';
import { foldInteractions, interactionEngagement } from '../algorithms/profile/engagement.js';
import type { StoreSet } from '../stores/types.js';
import { profileParams } from './profiles.js';
import type { FitReport } from './reports.js';
import type { FittedModel } from './sources/collaborative.js';

/** The snapshot name in the ModelRepository. */
export const COLLABORATIVE_SNAPSHOT = 'collaborative';

/** Both fitted collaborative models. */
export interface CollaborativeModels {
  als: FittedModel | undefined;
  itemKnn: FittedModel | undefined;
}

/**
 * Trains both models on every user's positive interactions and, when `snapshots.save`, publishes
 * them as a snapshot other instances load.
 */
export async function fitCollaborative(
  byUser: ReadonlyMap<string, readonly TrackedEvent[]>,
  tuning: Tuning,
  stores: StoreSet,
  run: { onProgress?: (p: Progress) => void; signal?: AbortSignal },
): Promise<{ models: CollaborativeModels; report: FitReport['collaborative'] }> {
  const started = performance.now();
  const params = profileParams(tuning);
  const positives: Array<{ userId: string; itemId: string }> = [];
  for (const [userId, events] of byUser) {
    for (const it of foldInteractions(events, tuning.ratingScale).values()) {
      if (interactionEngagement(it, params) > 0) positives.push({ userId, itemId: it.itemId });
    }
  }
  const models = await trainCollaborative(positives, tuning, run);
  const report: FitReport['collaborative'] = {
    users: new Set(positives.map((p) => p.userId)).size,
    items: (models.als ?? models.itemKnn)?.items.size ?? 0,
    seconds: (performance.now() - started) / 1000,
  };
  if (tuning.snapshots.save && (models.als || models.itemKnn)) {
    report.snapshotVersion = await stores.models.save(COLLABORATIVE_SNAPSHOT, encodeCollaborative(models), {
      users: report.users,
      items: report.items,
      positives: positives.length,
    });
  }
  return { models, report };
}

/** Trains ALS and item-kNN on (user, item) positives. */
export async function trainCollaborative(
  positives: Iterable<{ userId: string; itemId: string }>,
  tuning: Tuning,
  run: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {},
): Promise<CollaborativeModels> {
  const matrix = buildInteractionMatrix(
    (function* () {
      for (const p of positives) yield { userId: p.userId, itemId: p.itemId, value: 1 };
    })(),
  );
  if (matrix.userItems.indices.length === 0) return { als: undefined, itemKnn: undefined };
  let als: FittedModel | undefined;
  let itemKnn: FittedModel | undefined;
  if (tuning.collaborative.enabled) {
    const { enabled: _e, ...options } = tuning.collaborative;
    const model = new AlsModel(options);
    await model.fit(matrix, run);
    als = { model, items: matrix.items };
  }
  if (tuning.itemKnn.enabled) {
    const { enabled: _e, ...options } = tuning.itemKnn;
    const model = new ItemKnnModel(options);
    model.fit(matrix);
    itemKnn = { model, items: matrix.items };
  }
  return { als, itemKnn };
}

/** Encodes the models into one snapshot blob. */
export function encodeCollaborative(models: CollaborativeModels): Uint8Array {
  const items = (models.als ?? models.itemKnn)?.items ?? new IdMap();
  const arrays: Record<string, Float32Array | Int32Array> = {};
  const meta: Record<string, unknown> = { items: items.ids() };
  if (models.als) {
    const als = models.als.model as AlsModel;
    meta.als = als.options;
    arrays.alsItemFactors = als.factors!.itemFactors;
  }
  if (models.itemKnn) {
    const knn = models.itemKnn.model as ItemKnnModel;
    meta.itemKnn = knn.options;
    arrays.knnIndptr = knn.neighbours!.indptr;
    arrays.knnIndices = knn.neighbours!.indices;
    arrays.knnData = knn.neighbours!.data;
  }
  return encodeSnapshot('collaborative', { meta, arrays });
}

/** Decodes a snapshot made by {@link encodeCollaborative}; throws StoreError when it is corrupt. */
export function decodeCollaborative(bytes: Uint8Array): CollaborativeModels {
  const { meta, arrays } = decodeSnapshot(bytes, 'collaborative');
  const ids = meta.items;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new StoreError('corrupt collaborative snapshot: item ids');
  const items = new IdMap();
  for (const id of ids as string[]) items.intern(id);
  const out: CollaborativeModels = { als: undefined, itemKnn: undefined };
  if (meta.als && arrays.alsItemFactors instanceof Float32Array) {
    const model = new AlsModel(meta.als as never);
    if (arrays.alsItemFactors.length !== items.size * model.options.factors) throw new StoreError('corrupt collaborative snapshot: factor dimensions');
    model.load(new Float32Array(0), arrays.alsItemFactors, items.size);
    out.als = { model, items };
  }
  if (meta.itemKnn && arrays.knnIndptr instanceof Int32Array && arrays.knnIndices instanceof Int32Array && arrays.knnData instanceof Float32Array) {
    if (arrays.knnIndptr.length !== items.size + 1) throw new StoreError('corrupt collaborative snapshot: neighbour rows');
    const model = new ItemKnnModel(meta.itemKnn as never);
    model.neighbours = { rows: items.size, cols: items.size, indptr: arrays.knnIndptr, indices: arrays.knnIndices, data: arrays.knnData };
    out.itemKnn = { model, items };
  }
  return out;
}
