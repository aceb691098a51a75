/**
 * Per-user LoRA adapters over the item-embedding space (Hu et al. 2021, "LoRA: Low-Rank
 * Adaptation of Large Language Models"): W_u = I + (alpha / r) · B·A with A (r × d) and B (d × r).
 * The personalised similarity of item i is p · (W_u e_i) = p·e_i + s · (Bᵀp)·(A e_i), s = alpha / r.
 * B starts at zero, so a new adapter changes nothing; A starts random (zero-mean Gaussian) so the
 * gradient of B is not zero. Pure functions over typed arrays.
 */
import { seededRandom } from '../../core/random.js';

/** An adapter's parameters. A is row-major r × d, B row-major d × r. */
export interface LoraAdapter {
  dimension: number;
  rank: number;
  alpha: number;
  a: Float32Array;
  b: Float32Array;
  /** Logistic bias learned with the adapter (calibrates the training loss; not used in scoring). */
  bias: number;
}

/** A fresh adapter: A ~ N(0, 1/d) from `seed`, B = 0. */
export function createAdapter(dimension: number, rank: number, alpha: number, seed: number): LoraAdapter {
  const rand = seededRandom(seed);
  const a = new Float32Array(rank * dimension);
  const sd = 1 / Math.sqrt(dimension);
  for (let i = 0; i < a.length; i += 2) {
    // Box–Muller: two normals per pair of uniforms.
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u)) * sd;
    a[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < a.length) a[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return { dimension, rank, alpha, a, b: new Float32Array(dimension * rank), bias: 0 };
}

/**
 * The direction the adapter adds to the user's preference, v = s · Aᵀ(Bᵀp): the adapter's change
 * to item i's similarity is v · e_i. One O(r·d) pass per request, then O(d) per item.
 */
export function adapterDirection(adapter: LoraAdapter, preference: ArrayLike<number>): Float64Array {
  const { dimension: d, rank: r, a, b } = adapter;
  const s = adapter.alpha / r;
  const q = new Float64Array(r); // Bᵀp
  for (let i = 0; i < d; i++) {
    const pi = preference[i]!;
    if (pi === 0) continue;
    for (let j = 0; j < r; j++) q[j]! += b[i * r + j]! * pi;
  }
  const v = new Float64Array(d);
  for (let j = 0; j < r; j++) {
    const qj = q[j]! * s;
    if (qj === 0) continue;
    const row = j * d;
    for (let k = 0; k < d; k++) v[k]! += a[row + k]! * qj;
  }
  return v;
}

/** The explicit W_u · e (for tests and hosts that want adapted embeddings). */
export function adaptEmbedding(adapter: LoraAdapter, e: ArrayLike<number>): Float64Array {
  const { dimension: d, rank: r, a, b } = adapter;
  const s = adapter.alpha / r;
  const h = new Float64Array(r);
  for (let j = 0; j < r; j++) for (let k = 0; k < d; k++) h[j]! += a[j * d + k]! * e[k]!;
  const out = Float64Array.from({ length: d }, (_, i) => e[i]!);
  for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) out[i]! += s * b[i * r + j]! * h[j]!;
  return out;
}

/** One training example: an item's embedding, a label (1 liked, 0 not) and a weight. */
export interface Example {
  embedding: Float32Array | Float64Array;
  label: 0 | 1;
  weight: number;
  /** p · embedding, when already known (training computes it once instead of every epoch). */
  base?: number;
}

/** Options of {@link trainAdapter}. */
export interface TrainOptions {
  /** Multiplies similarities before the sigmoid: cosines are small, logits should not be. */
  temperature: number;
  learningRate: number;
  l2: number;
  maxEpochs: number;
  /** Stop after this many epochs without a better validation loss. */
  patience: number;
}

/** What training did. */
export interface TrainResult {
  adapter: LoraAdapter;
  epochs: number;
  trainLoss: number;
  /** Loss on the held-out examples at the kept (best) epoch; NaN without validation examples. */
  validationLoss: number;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Weighted mean binary cross-entropy of the examples plus the L2 penalty (what training minimises). */
export function adapterLoss(adapter: LoraAdapter, preference: ArrayLike<number>, examples: readonly Example[], temperature: number, l2: number): number {
  const v = adapterDirection(adapter, preference);
  let loss = 0;
  let weights = 0;
  for (const ex of examples) {
    const z = temperature * ((ex.base ?? dotF(preference, ex.embedding)) + dotF(v, ex.embedding)) + adapter.bias;
    // log(1 + e^-z) for label 1, log(1 + e^z) for label 0, computed without overflow.
    const m = ex.label === 1 ? -z : z;
    loss += ex.weight * (Math.max(m, 0) + Math.log1p(Math.exp(-Math.abs(m))));
    weights += ex.weight;
  }
  return (weights > 0 ? loss / weights : 0) + 0.5 * l2 * (sumSquares(adapter.a) + sumSquares(adapter.b));
}

/**
 * The exact gradient of {@link adapterLoss} with respect to A, B and the bias. With
 * g_i = w_i (σ(z_i) − y_i) / Σw, q = Bᵀp and m = Σ g_i e_i:
 * ∂/∂B = τ s · p (A m)ᵀ + λB, ∂/∂A = τ s · q mᵀ + λA, ∂/∂bias = Σ g_i.
 */
export function adapterGradient(
  adapter: LoraAdapter,
  preference: ArrayLike<number>,
  examples: readonly Example[],
  temperature: number,
  l2: number,
): { a: Float64Array; b: Float64Array; bias: number } {
  const { dimension: d, rank: r } = adapter;
  const s = adapter.alpha / r;
  const v = adapterDirection(adapter, preference);
  const m = new Float64Array(d);
  let totalWeight = 0;
  for (const ex of examples) totalWeight += ex.weight;
  let gBias = 0;
  for (let n = 0; n < examples.length; n++) {
    const ex = examples[n]!;
    const e = ex.embedding;
    let ve = 0;
    for (let k = 0; k < d; k++) ve += v[k]! * e[k]!;
    const z = temperature * ((ex.base ?? dotF(preference, e)) + ve) + adapter.bias;
    const g = (ex.weight * (sigmoid(z) - ex.label)) / (totalWeight || 1);
    gBias += g;
    for (let k = 0; k < d; k++) m[k]! += g * e[k]!;
  }
  const q = new Float64Array(r);
  for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) q[j]! += adapter.b[i * r + j]! * preference[i]!;
  const am = new Float64Array(r);
  for (let j = 0; j < r; j++) for (let k = 0; k < d; k++) am[j]! += adapter.a[j * d + k]! * m[k]!;
  const ts = temperature * s;
  const gb = new Float64Array(d * r);
  for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) gb[i * r + j] = ts * preference[i]! * am[j]! + l2 * adapter.b[i * r + j]!;
  const ga = new Float64Array(r * d);
  for (let j = 0; j < r; j++) for (let k = 0; k < d; k++) ga[j * d + k] = ts * q[j]! * m[k]! + l2 * adapter.a[j * d + k]!;
  return { a: ga, b: gb, bias: gBias };
}

/**
 * Full-batch Adam on {@link adapterLoss} from `initial`, keeping the parameters of the epoch
 * with the lowest validation loss and stopping after `patience` epochs without improvement.
 * Deterministic: no randomness beyond the initial adapter.
 */
export function trainAdapter(
  initial: LoraAdapter,
  preference: ArrayLike<number>,
  train: readonly Example[],
  validation: readonly Example[],
  options: TrainOptions,
): TrainResult {
  // The base similarity never changes: compute it once, not every epoch.
  const withBase = (xs: readonly Example[]) => xs.map((ex) => ({ ...ex, base: ex.base ?? dotF(preference, ex.embedding) }));
  train = withBase(train);
  validation = withBase(validation);
  const adapter: LoraAdapter = { ...initial, a: Float32Array.from(initial.a), b: Float32Array.from(initial.b) };
  const params = [adapter.a, adapter.b];
  const m1 = params.map((p) => new Float64Array(p.length));
  const m2 = params.map((p) => new Float64Array(p.length));
  let biasM = 0;
  let biasV = 0;
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const validate = () =>
    validation.length > 0
      ? adapterLoss(adapter, preference, validation, options.temperature, 0)
      : adapterLoss(adapter, preference, train, options.temperature, 0);
  let best = { loss: validate(), a: Float32Array.from(adapter.a), b: Float32Array.from(adapter.b), bias: adapter.bias, epoch: 0 };
  let epoch: number;
  for (epoch = 1; epoch <= options.maxEpochs; epoch++) {
    const grad = adapterGradient(adapter, preference, train, options.temperature, options.l2);
    const grads = [grad.a, grad.b];
    const c1 = 1 - beta1 ** epoch;
    const c2 = 1 - beta2 ** epoch;
    params.forEach((p, n) => {
      const g = grads[n]!;
      const mm = m1[n]!;
      const vv = m2[n]!;
      const step = options.learningRate / c1;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = beta1 * mm[i]! + (1 - beta1) * gi;
        const vi = beta2 * vv[i]! + (1 - beta2) * gi * gi;
        mm[i] = mi;
        vv[i] = vi;
        p[i]! -= (step * mi) / (Math.sqrt(vi / c2) + eps);
      }
    });
    biasM = beta1 * biasM + (1 - beta1) * grad.bias;
    biasV = beta2 * biasV + (1 - beta2) * grad.bias * grad.bias;
    adapter.bias -= (options.learningRate * (biasM / c1)) / (Math.sqrt(biasV / c2) + eps);
    const loss = validate();
    if (loss < best.loss - 1e-9) best = { loss, a: Float32Array.from(adapter.a), b: Float32Array.from(adapter.b), bias: adapter.bias, epoch };
    else if (epoch - best.epoch >= options.patience) break;
  }
  const kept: LoraAdapter = { ...adapter, a: best.a, b: best.b, bias: best.bias };
  return {
    adapter: kept,
    epochs: Math.min(epoch, options.maxEpochs),
    trainLoss: adapterLoss(kept, preference, train, options.temperature, 0),
    validationLoss: validation.length > 0 ? best.loss : Number.NaN,
  };
}

function dotF(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += x[i]! * y[i]!;
  return s;
}

function sumSquares(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}
