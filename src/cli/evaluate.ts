/**
 * `sona evaluate`: split a ratings file by a published protocol, fit each algorithm on the train
 * part and report ranking metrics on the test part.
 */
import { readInteractionsFile, readItemsFile } from '../datasets/files.js';
import { ValidationError } from '../core/errors.js';
import type { Progress } from '../core/types.js';
import { ALGORITHMS, createModel } from '../evaluation/algorithms.js';
import { referenceSpace, HISTORY_BUCKETS } from '../evaluation/beyond.js';
import { evaluateModels, trainMatrix, type EvaluationResult } from '../evaluation/runner.js';
import { ENGINE_VARIANTS, evaluateEngine } from '../evaluation/engine-eval.js';
import { splitInteractions, type SplitMethod } from '../evaluation/splits.js';

/** Options of {@link runEvaluate}, as the command line gives them. */
export interface EvaluateCommandOptions {
  ratings: string;
  items?: string;
  split: SplitMethod;
  ratio: number;
  seed: number;
  k: number;
  algorithms: string[];
  /** Engine variants evaluate at most this many test users (default 2000). */
  engineUsers?: number;
  /** False fits the engine variants at their defaults, without tuning (default true). */
  tune?: boolean;
  /** Also compute metrics at k = 1..curveTo (for the report's curves). */
  curveTo?: number;
  onProgress?: (p: Progress) => void;
}

const SPLITS: readonly SplitMethod[] = ['stratified-item', 'stratified-user', 'random', 'time'];

/** Runs the evaluation and returns one result per algorithm, in the order asked. */
export async function runEvaluate(o: EvaluateCommandOptions): Promise<{ results: EvaluationResult[]; train: number; test: number }> {
  if (!SPLITS.includes(o.split)) throw new ValidationError('--split', `must be one of ${SPLITS.join(', ')}`);
  if (!Number.isInteger(o.k) || o.k < 1) throw new ValidationError('--k', 'must be a positive whole number');
  if (!Number.isInteger(o.seed)) throw new ValidationError('--seed', 'must be a whole number');
  if (o.engineUsers !== undefined && !(Number.isInteger(o.engineUsers) && o.engineUsers > 0))
    throw new ValidationError('--engine-users', 'must be a positive whole number');
  const interactions = readInteractionsFile(o.ratings);
  const items = o.items ? readItemsFile(o.items) : undefined;
  const engineNames = o.algorithms.filter((name) => name in ENGINE_VARIANTS);
  if (engineNames.length > 0 && !items) throw new ValidationError('--algorithms', `${engineNames.join(', ')} need an items file (--items)`);
  const models = o.algorithms.filter((name) => !(name in ENGINE_VARIANTS)).map((name) => createModel(name, items));
  const split = splitInteractions(interactions, { method: o.split, ratio: o.ratio, seed: o.seed });
  const genres = items ? new Map(items.map((i) => [i.id, i.genres ?? []])) : undefined;
  const space = await referenceSpace(trainMatrix(split.train), genres ? (id) => genres.get(id) : undefined);
  const progress = { space, ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.curveTo ? { curveTo: o.curveTo } : {}) };
  const results: EvaluationResult[] = await evaluateModels(split, models, { k: o.k, ...progress });
  if (engineNames.length > 0)
    results.push(...(await evaluateEngine(split, items!, engineNames, { k: o.k, maxUsers: o.engineUsers ?? 2000, tune: o.tune ?? true, ...progress })));
  return { results, train: split.train.length, test: split.test.length };
}

/** The results as a markdown table. */
export function formatResults(results: readonly EvaluationResult[], k: number): string {
  const head = `| algorithm | MAP | nDCG@${k} | P@${k} | R@${k} | coverage | diversity | users | fit s | recommend s |`;
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = results.map(
    (r) =>
      `| ${r.algorithm} | ${r.map.toFixed(4)} | ${r.ndcg.toFixed(4)} | ${r.precision.toFixed(4)} | ${r.recall.toFixed(4)} | ${r.coverage.toFixed(3)} | ${'diversity' in r ? (r as { diversity: number }).diversity.toFixed(3) : '-'} | ${r.users} | ${r.fitSeconds.toFixed(2)} | ${r.recommendSeconds.toFixed(2)} |`,
  );
  return [head, rule, ...lines].join('\n');
}

/** The beyond-accuracy figures as a markdown table (algorithms without them are left out). */
export function formatBeyond(results: readonly EvaluationResult[], k: number): string {
  const head = `| algorithm | coverage | novelty | diversity by genre | diversity by factors | ${HISTORY_BUCKETS.map(([b]) => `nDCG@${k} ${b}`).join(' | ')} |`;
  const rule = `| --- | ---: | ---: | ---: | ---: | ${HISTORY_BUCKETS.map(() => '---:').join(' | ')} |`;
  const lines = results.flatMap((r) => {
    const b = r.beyond;
    if (!b) return [];
    const buckets = b.byHistory.map((h) => (h.users > 0 ? `${h.ndcg.toFixed(4)} (${h.users})` : '-')).join(' | ');
    return [
      `| ${r.algorithm} | ${r.coverage.toFixed(3)} | ${b.novelty.toFixed(2)} | ${b.genreDiversity?.toFixed(3) ?? '-'} | ${b.factorDiversity.toFixed(3)} | ${buckets} |`,
    ];
  });
  return [head, rule, ...lines].join('\n');
}

/** The `--json` shape. */
export function jsonResults(results: readonly EvaluationResult[]): { results: Array<Record<string, number | string>> } {
  return {
    results: results.map((r) => ({
      algorithm: r.algorithm,
      map: r.map,
      ndcg: r.ndcg,
      precision: r.precision,
      recall: r.recall,
      coverage: r.coverage,
      hitRate: r.hitRate,
      users: r.users,
      fitSeconds: r.fitSeconds,
      recommendSeconds: r.recommendSeconds,
      ...('diversity' in r ? { diversity: (r as { diversity: number }).diversity } : {}),
      ...(r.beyond
        ? {
            novelty: r.beyond.novelty,
            factorDiversity: r.beyond.factorDiversity,
            ...(r.beyond.genreDiversity !== undefined ? { genreDiversity: r.beyond.genreDiversity } : {}),
            ...Object.fromEntries(r.beyond.byHistory.map((h) => [`ndcg[${h.bucket}]`, h.ndcg])),
          }
        : {}),
    })),
  };
}

/** Every name `--algorithms` accepts: the models and the engine variants. */
export const ALL_ALGORITHMS: readonly string[] = [...ALGORITHMS, ...Object.keys(ENGINE_VARIANTS)];

export { ALGORITHMS };
