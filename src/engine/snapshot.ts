/**
 * The engine's model snapshot: every trained source's section (ALS factors, neighbour lists,
 * ...) over one shared item list, and the settings `fit()` chose, in one versioned blob of the
 * SONA container (core/snapshot-format.ts). One trainer publishes; every instance loads the newest.
 */
import { StoreError } from '../core/errors.js';
import { decodeSnapshot, encodeSnapshot } from '../core/snapshot-format.js';
import type { ModelSections } from '../sources/registry.js';
import type { ModelSection } from '../sources/source.js';
import type { TunedSettings } from './tuning/stored.js';
import { tunedSettingsSchema } from './tuning/stored.js';

/** The snapshot's name in the ModelRepository. */
export const MODEL_SNAPSHOT = 'models';
const KIND = 'sona-models';

/** What a snapshot holds. */
export interface EngineSnapshot extends ModelSections {
  /** Settings chosen by the tuner, per source and for the blend (absent when none were tuned). */
  tuned?: TunedSettings;
}

/** Encodes the sections; array names are prefixed by their source so sections cannot collide. */
export function encodeModels(snapshot: EngineSnapshot): Uint8Array {
  const arrays: Record<string, Float32Array | Int32Array> = {};
  const metas: Record<string, Record<string, unknown>> = {};
  for (const [source, section] of Object.entries(snapshot.sections)) {
    metas[source] = section.meta;
    for (const [name, array] of Object.entries(section.arrays)) arrays[`${source}/${name}`] = array;
  }
  return encodeSnapshot(KIND, { meta: { items: snapshot.items, sections: metas, ...(snapshot.tuned ? { tuned: snapshot.tuned } : {}) }, arrays });
}

/** Decodes a snapshot made by {@link encodeModels}; throws StoreError when it is corrupt. */
export function decodeModels(bytes: Uint8Array): EngineSnapshot {
  const { meta, arrays } = decodeSnapshot(bytes, KIND);
  const { items, sections: metas, tuned } = meta;
  if (!Array.isArray(items) || items.some((id) => typeof id !== 'string')) throw new StoreError('corrupt model snapshot: item ids');
  if (!isRecord(metas) || Object.values(metas).some((m) => !isRecord(m))) throw new StoreError('corrupt model snapshot: sections');
  const settings = tuned === undefined ? undefined : tunedSettingsSchema.safeParse(tuned);
  if (settings && !settings.success) throw new StoreError('corrupt model snapshot: tuned settings', { cause: settings.error });
  const sections: Record<string, ModelSection> = Object.create(null);
  for (const [source, sectionMeta] of Object.entries(metas)) sections[source] = { meta: sectionMeta as Record<string, unknown>, arrays: {} };
  for (const [key, array] of Object.entries(arrays)) {
    const cut = key.indexOf('/');
    const section = cut > 0 ? sections[key.slice(0, cut)] : undefined;
    if (!section) throw new StoreError(`corrupt model snapshot: array ${JSON.stringify(key)} belongs to no section`);
    section.arrays[key.slice(cut + 1)] = array;
  }
  return { items: items as string[], sections, ...(settings ? { tuned: settings.data } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
