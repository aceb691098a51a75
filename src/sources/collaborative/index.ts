/**
 * Collaborative filtering by implicit ALS (Hu, Koren & Volinsky 2008, conjugate-gradient solver):
 * item factors trained in `fit()`, users folded in from their current history at request time.
 */
import { z } from 'zod';
import { AlsModel } from '../../algorithms/cf/models.js';
import { StoreError } from '../../core/errors.js';
import { defineModelSource, type ModelKind } from '../model-source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.3;

/** Settings of implicit ALS (`collaborative` in the engine options). */
export const alsSettings = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Latent dimension. @default 16 */
  factors: z.number().int().min(1).max(1024).default(16),
  /** L2 regularisation λ. @default 10 */
  regularization: z.number().finite().min(0).default(10),
  /** Confidence slope c = 1 + alpha. @default 15 */
  alpha: z.number().finite().min(0).default(15),
  /** Alternating sweeps. @default 10 */
  iterations: z.number().int().min(1).max(1000).default(10),
  /** Conjugate-gradient steps per user per sweep. @default 3 */
  cgSteps: z.number().int().min(1).max(1024).default(3),
  /** Seed of the initial factors. @default 42 */
  seed: z.number().int().default(42),
});

/** ALS settings after defaults. */
export type AlsSettings = z.output<typeof alsSettings>;

/** Implicit ALS as a source. */
export const ALS_KIND: ModelKind<AlsSettings> = {
  name: 'collaborative',
  defaultWeight: WEIGHT,
  reason: 'Popular with viewers like you',
  namesItems: false,
  settingsKey: 'collaborative',
  settings: alsSettings,
  tunables: [
    { key: 'factors', min: 8, max: 128, scale: 'log', integer: true },
    { key: 'regularization', min: 0.01, max: 1000, scale: 'log' },
    { key: 'alpha', min: 0.5, max: 100, scale: 'log' },
  ],
  // Few factors and strong confidence suit sparse data; more factors with a small alpha and
  // regularisation near 20x alpha suit denser rating data (Hu et al. 2008; implicit's guide).
  presets: [
    { factors: 64, regularization: 30, alpha: 1.5 },
    { factors: 32, regularization: 3, alpha: 5 },
  ],
  create: ({ enabled: _enabled, ...options }) => new AlsModel(options),
  encode(model) {
    const als = model as AlsModel;
    return { meta: { ...als.options }, arrays: { itemFactors: als.factors!.itemFactors } };
  },
  decode({ meta, arrays }, items) {
    const factors = arrays.itemFactors;
    if (!(factors instanceof Float32Array)) throw new StoreError('corrupt snapshot: ALS item factors');
    const model = new AlsModel(meta as never);
    if (factors.length !== items.size * model.options.factors) throw new StoreError('corrupt snapshot: ALS factor dimensions');
    model.load(new Float32Array(0), factors, items.size);
    return model;
  },
};

/** Registration of the collaborative source. */
export const collaborative = defineModelSource(ALS_KIND);
