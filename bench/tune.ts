/**
 * How the collaborative defaults were chosen: a grid over ALS and item-kNN settings and blend
 * weights, scored on a validation split carved from the *training* part of the benchmark split
 * (stratified-by-item 75/25 with seed 42, then 75/25 again with seed 7). The test split is never
 * read here. Prints nDCG@10 per configuration, best first.
 * Usage: npx tsx bench/tune.ts [ratings file]
 */
import { AlsModel, ItemKnnModel, PopularityModel, type CollaborativeModel } from '../src/algorithms/cf/models.js';
import { BlendModel } from '../src/algorithms/cf/blend-model.js';
import { readInteractionsFile } from '../src/datasets/files.js';
import { evaluateModels } from '../src/evaluation/runner.js';
import { splitInteractions } from '../src/evaluation/splits.js';
import { alsSettings } from '../src/sources/collaborative/index.js';
import { itemKnnSettings } from '../src/sources/item-knn/index.js';

const ALS = alsSettings.parse({});
const KNN = itemKnnSettings.parse({});

const ratings = readInteractionsFile(process.argv[2] ?? '../shared/data/movietweetings-100k/ratings.dat');
const outer = splitInteractions(ratings, { method: 'stratified-item', ratio: 0.75, seed: 42 });
const validation = splitInteractions(outer.train, { method: 'stratified-item', ratio: 0.75, seed: 7 });

const candidates: Array<{ label: string; model: CollaborativeModel }> = [{ label: 'popular', model: new PopularityModel() }];
for (const factors of [8, 16, 32, 64])
  for (const alpha of [5, 15, 40])
    for (const regularization of [0.1, 10, 50])
      candidates.push({
        label: `als f=${factors} α=${alpha} λ=${regularization}`,
        model: new AlsModel({ ...ALS, factors, alpha, regularization, iterations: 10 }),
      });
for (const neighbours of [50, 200, 500, 2000])
  for (const weighting of ['bm25', 'cosine'] as const)
    candidates.push({ label: `item-knn ${weighting} k=${neighbours}`, model: new ItemKnnModel({ ...KNN, neighbours, weighting }) });
for (const [p, a, k] of [
  [0.5, 0.5, 0],
  [0.5, 0, 0.5],
  [0.4, 0.3, 0.3],
  [0.3, 0.35, 0.35],
  [0.6, 0.2, 0.2],
] as const) {
  const members = [
    { model: new PopularityModel(), weight: p },
    { model: new AlsModel(ALS), weight: a },
    { model: new ItemKnnModel(KNN), weight: k },
  ];
  candidates.push({ label: `blend popular ${p} / als ${a} / item-knn ${k}`, model: new BlendModel(members) });
}

const results = await evaluateModels(
  validation,
  candidates.map((c) => c.model),
  { k: 10 },
);
const rows = results.map((r, i) => ({ label: candidates[i]!.label, ndcg: r.ndcg, map: r.map, precision: r.precision })).sort((a, b) => b.ndcg - a.ndcg);
console.log('| configuration | nDCG@10 | MAP | P@10 |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.label} | ${r.ndcg.toFixed(4)} | ${r.map.toFixed(4)} | ${r.precision.toFixed(4)} |`);
