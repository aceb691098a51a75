/**
 * Ranking quality on MovieTweetings with Microsoft Recommenders' protocol: stratified-by-item
 * 75/25 split (seed 42), top-10 lists with training items removed. Writes
 * bench/results/quality.md and prints it.
 * Usage: npx tsx bench/quality.ts [ratings file] [items file]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { formatResults, runEvaluate } from '../src/cli/evaluate.js';

const ratings = process.argv[2] ?? '../shared/data/movietweetings-100k/ratings.dat';
const items = process.argv[3] ?? '../shared/data/movietweetings-100k/movies.dat';
if (!existsSync(ratings)) {
  console.error(`ratings file not found: ${ratings}`);
  process.exit(2);
}
const { results, train, test } = await runEvaluate({
  ratings,
  ...(existsSync(items) ? { items } : {}),
  split: 'stratified-item',
  ratio: 0.75,
  seed: 42,
  k: 10,
  algorithms: ['popular', 'als', 'item-knn', 'item-knn-cosine', 'ease', ...(existsSync(items) ? ['content'] : []), 'hybrid', 'hybrid-ease'],
});
const report = [
  `# Ranking quality: MovieTweetings 100K`,
  '',
  `Protocol: stratified-by-item 75/25 split, seed 42 (${train} train / ${test} test interactions), top 10, binary relevance, users with training data. The offline models' defaults were chosen on a validation split of the training part in an earlier round (by a script since replaced by fit()'s own tuner, measured in bench/results/tuning.md), never on this test split; the engine itself is measured in bench/results/tuning.md. Node ${process.version}.`,
  '',
  formatResults(results, 10),
  '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/quality.md', report);
console.log(report);
