/**
 * Item-item nearest neighbours over BM25-weighted (or plain) user vectors: a user's score for an
 * item sums its similarity to the items they watched, which also names those items in the
 * explanation ("Because you watched Heat and Ronin").
 */
import { z } from 'zod';
import { ItemKnnModel } from '../../algorithms/cf/models.js';
import { itemItemCodec } from '../item-item-codec.js';
import { defineModelSource, type ModelKind } from '../model-source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.3;

/** Settings of item-kNN (`itemKnn` in the engine options). */
export const itemKnnSettings = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Neighbours kept per item. @default 500 */
  neighbours: z.number().int().min(1).max(100_000).default(500),
  /** Weighting of the item vectors before cosine. @default 'bm25' */
  weighting: z.enum(['bm25', 'cosine']).default('bm25'),
  /** BM25 saturation. @default 100 */
  k1: z.number().finite().positive().default(100),
  /** BM25 length normalisation. @default 0.8 */
  b: z.number().min(0).max(1).default(0.8),
});

/** Item-kNN settings after defaults. */
export type ItemKnnSettings = z.output<typeof itemKnnSettings>;

/** Item-kNN as a source. */
export const ITEM_KNN_KIND: ModelKind<ItemKnnSettings> = {
  name: 'item-knn',
  defaultWeight: WEIGHT,
  reason: 'Often watched together with your picks',
  namesItems: true,
  settingsKey: 'itemKnn',
  settings: itemKnnSettings,
  tunables: [
    { key: 'neighbours', min: 20, max: 1000, scale: 'log', integer: true },
    { key: 'k1', min: 0.5, max: 200, scale: 'log' },
    { key: 'b', min: 0, max: 1, scale: 'linear' },
  ],
  // Classic BM25 saturation (Robertson & Zaragoza 2009) with fewer neighbours.
  presets: [{ neighbours: 100, k1: 1.2, b: 0.75 }],
  create: ({ enabled: _enabled, ...options }) => new ItemKnnModel(options),
  ...itemItemCodec('item-kNN', (meta) => new ItemKnnModel(meta as never)),
};

/** Registration of the item-knn source. */
export const itemKnn = defineModelSource(ITEM_KNN_KIND);
