import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, StoreError } from '../../../src/core/errors.js';
import { seededRandom } from '../../../src/core/random.js';
import {
  adaptEmbedding,
  adapterDirection,
  adapterGradient,
  adapterLoss,
  createAdapter,
  trainAdapter,
  type Example,
  type LoraAdapter,
} from '../../../src/algorithms/lora/adapter.js';
import { decodeAdapter, encodeAdapter } from '../../../src/algorithms/lora/format.js';

const D = 12;
const R = 3;
const rand = seededRandom(5);
const unit = () => {
  const v = Float32Array.from({ length: D }, () => rand() * 2 - 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const pref = unit();
const examples: Example[] = Array.from({ length: 30 }, (_, i) => ({ embedding: unit(), label: (i % 3 === 0 ? 1 : 0) as 0 | 1, weight: 0.5 + (i % 4) / 4 }));

function randomAdapter(): LoraAdapter {
  const a = createAdapter(D, R, 6, 9);
  a.b = Float32Array.from(a.b, () => (rand() - 0.5) * 0.4);
  a.bias = 0.3;
  return a;
}

describe('LoRA adapter maths', () => {
  it('a new adapter (B = 0) changes nothing', () => {
    const fresh = createAdapter(D, R, 16, 1);
    const e = unit();
    expect(Array.from(adaptEmbedding(fresh, e))).toEqual(Array.from(e, Number));
    expect(adapterDirection(fresh, pref).every((x) => x === 0)).toBe(true);
  });

  it('the direction trick equals the explicit W_u · e', () => {
    const adapter = randomAdapter();
    const e = unit();
    const explicit = adaptEmbedding(adapter, e);
    const viaDirection = Array.from(pref).reduce((s, p, i) => s + p * e[i]!, 0) + adapterDirection(adapter, pref).reduce((s, v, i) => s + v * e[i]!, 0);
    expect(explicit.reduce((s, x, i) => s + x * pref[i]!, 0)).toBeCloseTo(viaDirection, 6);
  });

  it('the gradient of A, B and the bias matches central finite differences', () => {
    const adapter = randomAdapter();
    const grad = adapterGradient(adapter, pref, examples, 8, 0.01);
    const h = 1e-3;
    const check = (params: Float32Array, analytic: Float64Array) => {
      for (const i of [0, 5, params.length - 1, Math.floor(params.length / 2)]) {
        const saved = params[i]!;
        params[i] = saved + h;
        const up = adapterLoss(adapter, pref, examples, 8, 0.01);
        params[i] = saved - h;
        const down = adapterLoss(adapter, pref, examples, 8, 0.01);
        params[i] = saved;
        const numeric = (up - down) / (Math.fround(saved + h) - Math.fround(saved - h));
        expect(Math.abs(numeric - analytic[i]!)).toBeLessThan(2e-4 + 1e-3 * Math.abs(analytic[i]!));
      }
    };
    check(adapter.a, grad.a);
    check(adapter.b, grad.b);
    const saved = adapter.bias;
    adapter.bias = saved + 1e-5;
    const up = adapterLoss(adapter, pref, examples, 8, 0.01);
    adapter.bias = saved - 1e-5;
    const down = adapterLoss(adapter, pref, examples, 8, 0.01);
    expect((up - down) / 2e-5).toBeCloseTo(grad.bias, 5);
  });

  it('training lowers the loss, keeps the best validation epoch, and is deterministic', () => {
    const options = { temperature: 8, learningRate: 0.05, l2: 1e-4, maxEpochs: 200, patience: 20 };
    const initial = createAdapter(D, R, 16, 3);
    const before = adapterLoss(initial, pref, examples, 8, 0);
    const first = trainAdapter(initial, pref, examples.slice(0, 24), examples.slice(24), options);
    const second = trainAdapter(initial, pref, examples.slice(0, 24), examples.slice(24), options);
    expect(first.trainLoss).toBeLessThan(before);
    expect(Array.from(first.adapter.b)).toEqual(Array.from(second.adapter.b));
    expect(first.epochs).toBeGreaterThan(0);
    expect(initial.b.every((x) => x === 0)).toBe(true); // the input is not modified
  });
});

describe('LoRA adapter format', () => {
  it('round-trips exactly, with metadata', () => {
    const adapter = randomAdapter();
    const { adapter: back, meta } = decodeAdapter(encodeAdapter(adapter, { modelId: 'hashing:1' }), D);
    expect(back).toEqual(adapter);
    expect(meta.modelId).toBe('hashing:1');
  });

  it('refuses a corrupt blob and a dimension mismatch with typed errors', () => {
    const bytes = encodeAdapter(randomAdapter());
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 10]! ^= 0xff;
    expect(() => decodeAdapter(corrupt)).toThrow(StoreError);
    expect(() => decodeAdapter(bytes.slice(0, 20))).toThrow(StoreError);
    expect(() => decodeAdapter(bytes, D + 1)).toThrow(DimensionMismatchError);
  });
});
