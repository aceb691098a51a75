/**
 * Evaluates the engine's whole pipeline (every source, blend, filters, MMR) by the same protocol
 * as the models: the train part becomes the engine's events, `fit()` trains the collaborative
 * sources, and each variant recommends to the test users.
 */
import type { TuningOptions } from '../engine/config.js';
import { beyondAccuracy } from './beyond.js';
import { DEFAULTS } from '../engine/config.js';
import { throwIfAborted } from '../core/errors.js';
import type { ContentItem } from '../core/types.js';
import type { ViewingEvent } from '../engine/inputs.js';
import { createEngine } from '../engine/engine.js';
import { itemsByUser, metricsCurve, rankingMetrics } from './metrics.js';
import type { EvaluateOptions, EvaluationResult } from './runner.js';
import type { Split } from './types.js';

/** Engine set-ups `sona evaluate` knows, by name. */
export const ENGINE_VARIANTS: Readonly<Record<string, TuningOptions>> = {
  /** The defaults: MMR diversity at λ 0.7. */
  engine: {},
  /** Variety off (no MMR, no genre cap): what variety costs in accuracy is the difference to `engine`. */
  'engine-relevance': { diversity: { lambda: 1, maxGenreShare: 1 } },
  /** The graph walk on (weight 0.15). */
  'engine-graph': { blend: { weights: { ...DEFAULTS.blend.weights, graph: 0.15 } } },
};

/** Options of {@link evaluateEngine}. */
export interface EngineEvaluateOptions extends EvaluateOptions {
  /** Evaluate at most this many test users (the first by id), to bound the time. */
  maxUsers?: number;
  /**
   * Tune on the train part (default true). The tuner works to a time budget, so its choice can
   * differ between machines; false fits every source at its defaults, the same everywhere.
   */
  tune?: boolean;
}

/** Runs each named engine variant on `split`; results carry the mean intra-list diversity. */
export async function evaluateEngine(
  split: Split,
  items: readonly ContentItem[],
  variants: readonly string[],
  options: EngineEvaluateOptions = {},
): Promise<Array<EvaluationResult & { diversity: number }>> {
  const k = options.k ?? 10;
  const last = split.train.reduce((m, x) => Math.max(m, x.timestamp ?? 0), 0);
  const clock = () => last + 86_400_000;
  const fitStart = performance.now();
  const base = await createEngine({ clock, cache: { enabled: false } });
  await base.upsertContent(items);
  const known = new Set(items.map((i) => i.id));
  const events: ViewingEvent[] = split.train
    .filter((x) => known.has(x.itemId))
    .map((x) => ({ userId: x.userId, contentId: x.itemId, type: 'complete', timestamp: x.timestamp ?? last }));
  await base.track(events);
  await base.fit({ tune: options.tune ?? true });
  const fitSeconds = (performance.now() - fitStart) / 1000;
  const trained = new Set(events.map((e) => e.userId));
  const relevant = new Map<string, Set<string>>();
  for (const [user, set] of itemsByUser(split.test)) if (trained.has(user)) relevant.set(user, set);
  const users = [...relevant.keys()].sort().slice(0, options.maxUsers ?? Infinity);
  const scored = new Map(users.map((u) => [u, relevant.get(u)!]));
  // The models' catalogue (items with training data), so coverage compares alike.
  const catalogSize = options.space?.matrix.items.size ?? items.length;
  const results: Array<EvaluationResult & { diversity: number }> = [];
  for (const name of variants) {
    throwIfAborted(options.signal, 'evaluation');
    const engine = await createEngine({ ...ENGINE_VARIANTS[name], stores: base.stores, embedder: base.embedder, clock, cache: { enabled: false } });
    const started = performance.now();
    const predictions = new Map<string, string[]>();
    let diversity = 0;
    for (const [n, user] of users.entries()) {
      const r = await engine.recommendDetailed(user, { count: Math.max(k, options.curveTo ?? 0) });
      predictions.set(
        user,
        r.items.map((i) => i.itemId),
      );
      diversity += r.diversity;
      if ((n + 1) % 500 === 0 || n + 1 === users.length) options.onProgress?.({ stage: name, done: n + 1, total: users.length });
    }
    results.push({
      algorithm: name,
      ...rankingMetrics(scored, predictions, k, catalogSize),
      fitSeconds,
      recommendSeconds: (performance.now() - started) / 1000,
      diversity: users.length > 0 ? diversity / users.length : 0,
      ...(options.curveTo ? { curve: metricsCurve(scored, predictions, options.curveTo, catalogSize) } : {}),
      ...(options.space ? { beyond: beyondAccuracy(predictions, scored, k, options.space) } : {}),
    });
    await engine.close();
  }
  await base.close();
  return results;
}
