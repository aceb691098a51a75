/**
 * `sona evaluate`: split a ratings file by a published protocol, fit each algorithm on the train
 * part and report ranking metrics on the test part.
 */
import { readInteractionsFile, readItemsFile } from '../datasets/files.js';
import { ValidationError } from '../core/errors.js';
import type { Progress } from '../core/types.js';
import { ALGORITHMS, createModel } from '../evaluation/algorithms.js';
import { evaluateModels, type EvaluationResult } from '../evaluation/runner.js';
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
  onProgress?: (p: Progress) => void;
}

const SPLITS: readonly SplitMethod[] = ['stratified-item', 'stratified-user', 'random', 'time'];

/** Runs the evaluation and returns one result per algorithm, in the order asked. */
export async function runEvaluate(o: EvaluateCommandOptions): Promise<{ results: EvaluationResult[]; train: number; test: number }> {
  if (!SPLITS.includes(o.split)) throw new ValidationError('--split', `must be one of ${SPLITS.join(', ')}`);
  if (!Number.isInteger(o.k) || o.k < 1) throw new ValidationError('--k', 'must be a positive whole number');
  if (!Number.isInteger(o.seed)) throw new ValidationError('--seed', 'must be a whole number');
  const interactions = readInteractionsFile(o.ratings);
  const items = o.items ? readItemsFile(o.items) : undefined;
  const models = o.algorithms.map((name) => createModel(name, items));
  const split = splitInteractions(interactions, { method: o.split, ratio: o.ratio, seed: o.seed });
  const results = await evaluateModels(split, models, { k: o.k, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  return { results, train: split.train.length, test: split.test.length };
}

/** The results as a markdown table. */
export function formatResults(results: readonly EvaluationResult[], k: number): string {
  const head = `| algorithm | MAP | nDCG@${k} | P@${k} | R@${k} | coverage | users | fit s | recommend s |`;
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = results.map(
    (r) =>
      `| ${r.algorithm} | ${r.map.toFixed(4)} | ${r.ndcg.toFixed(4)} | ${r.precision.toFixed(4)} | ${r.recall.toFixed(4)} | ${r.coverage.toFixed(3)} | ${r.users} | ${r.fitSeconds.toFixed(2)} | ${r.recommendSeconds.toFixed(2)} |`,
  );
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
    })),
  };
}

export { ALGORITHMS };
