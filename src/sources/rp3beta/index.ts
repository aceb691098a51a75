/**
 * RP3beta (Christoffel et al. 2015; Paudel et al. 2017) as a source: a three-step random walk
 * over the user-item graph with the popularity of the arrival item divided out, the engine's
 * graph signal that is cheap enough to serve by default.
 */
import { z } from 'zod';
import { Rp3BetaModel } from '../../algorithms/cf/rp3beta.js';
import { itemItemCodec } from '../item-item-codec.js';
import { defineModelSource, type ModelKind } from '../model-source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0.3;

/** Settings of RP3beta (`rp3beta` in the engine options). */
export const rp3betaSettings = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Exponent of the walk's transition probabilities. @default 1 */
  alpha: z.number().finite().positive().max(4).default(1),
  /** Popularity penalty on the arrival item (0: none). @default 0.5 */
  beta: z.number().finite().min(0).max(2).default(0.5),
  /** Weights kept per item. @default 200 */
  neighbours: z.number().int().min(1).max(100_000).default(200),
});

/** RP3beta settings after defaults. */
export type Rp3BetaSettings = z.output<typeof rp3betaSettings>;

/** RP3beta as a source. */
export const RP3BETA_KIND: ModelKind<Rp3BetaSettings> = {
  name: 'rp3beta',
  defaultWeight: WEIGHT,
  reason: 'Often watched together with your picks',
  namesItems: true,
  settingsKey: 'rp3beta',
  settings: rp3betaSettings,
  tunables: [
    { key: 'alpha', min: 0.2, max: 2, scale: 'linear' },
    { key: 'beta', min: 0, max: 1, scale: 'linear' },
    { key: 'neighbours', min: 20, max: 1000, scale: 'log', integer: true },
  ],
  // Milder walks with a lighter popularity penalty (Paudel et al. 2017 report α near 1 and β
  // between 0.2 and 0.7 across data sets).
  presets: [{ alpha: 0.6, beta: 0.25, neighbours: 200 }],
  create: ({ enabled: _enabled, ...options }) => new Rp3BetaModel(options),
  ...itemItemCodec('RP3beta', (meta) => new Rp3BetaModel(meta as never)),
};

/** Registration of the RP3beta source. */
export const rp3beta = defineModelSource(RP3BETA_KIND);
