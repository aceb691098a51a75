/**
 * EASE (Steck 2019) as a source: the closed-form item-item model over the `maxItems` most
 * popular items (above that size, the rest of the catalogue is left to the other sources),
 * pruned to each item's strongest weights for serving and snapshots.
 */
import { z } from 'zod';
import { EaseModel } from '../../algorithms/cf/ease.js';
import { itemItemCodec } from '../item-item-codec.js';
import { defineModelSource, type ModelKind } from '../model-source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.3;

/** Settings of EASE (`ease` in the engine options). */
export const easeSettings = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** L2 regularisation λ; `fit()` tunes it on the host's data. @default 500 */
  regularization: z.number().finite().positive().default(500),
  /**
   * Most popular items modelled: memory grows with its square and time with its cube (2,000
   * items: 32 MB and a few seconds per fit). @default 2000
   */
  maxItems: z.number().int().min(2).max(20_000).default(2000),
  /** Weights kept per item for serving and snapshots. @default 200 */
  neighbours: z.number().int().min(1).max(20_000).default(200),
});

/** EASE settings after defaults. */
export type EaseSettings = z.output<typeof easeSettings>;

/** EASE as a source. */
export const EASE_KIND: ModelKind<EaseSettings> = {
  name: 'ease',
  defaultWeight: WEIGHT,
  reason: 'Popular with viewers like you',
  namesItems: true,
  settingsKey: 'ease',
  settings: easeSettings,
  tunables: [{ key: 'regularization', min: 1, max: 100_000, scale: 'log' }],
  presets: [{ regularization: 100 }, { regularization: 2000 }],
  create: ({ enabled: _enabled, ...options }) => new EaseModel(options),
  ...itemItemCodec('EASE', (meta) => new EaseModel(meta as never)),
};

/** Registration of the EASE source. */
export const ease = defineModelSource(EASE_KIND);
