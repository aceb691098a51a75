import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random.js';
import { formatResults, runEvaluate } from '../../../src/cli/evaluate.js';

/** A small ratings file with two taste groups and a popular head. */
function ratingsFile(): string {
  const random = seededRandom(5);
  const lines: string[] = [];
  for (let u = 0; u < 120; u++) {
    const group = u % 2;
    for (let k = 0; k < 12; k++) {
      const item = random() < 0.3 ? Math.floor(random() * 5) : 5 + group * 40 + Math.floor(Math.pow(random(), 2) * 40);
      lines.push(`${u}::${item}::${1 + Math.floor(random() * 10)}::${1_600_000_000 + u * 100 + k}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'sona-eval-'));
  const file = join(dir, 'ratings.dat');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('sona evaluate', () => {
  const file = ratingsFile();

  it('reports every metric per algorithm, and the hybrid beats most-popular on this data', async () => {
    const { results, train, test } = await runEvaluate({
      ratings: file,
      split: 'stratified-item',
      ratio: 0.75,
      seed: 42,
      k: 10,
      algorithms: ['popular', 'als', 'item-knn', 'hybrid'],
    });
    expect(train + test).toBeLessThanOrEqual(120 * 12);
    expect(results.map((r) => r.algorithm)).toEqual(['popular', 'als', 'item-knn-bm25', 'hybrid']);
    for (const r of results) {
      for (const v of [r.map, r.ndcg, r.precision, r.recall, r.coverage]) expect(v).toBeGreaterThanOrEqual(0);
      expect(r.users).toBeGreaterThan(50);
    }
    const byName = new Map(results.map((r) => [r.algorithm, r]));
    expect(byName.get('hybrid')!.ndcg).toBeGreaterThan(byName.get('popular')!.ndcg);
    expect(formatResults(results, 10)).toContain('| hybrid |');
  });

  it('evaluates the whole engine pipeline, and diversity raises intra-list diversity', async () => {
    const items = join(mkdtempSync(join(tmpdir(), 'sona-items-')), 'movies.dat');
    writeFileSync(items, Array.from({ length: 100 }, (_, i) => `${i}::Film ${i} (2000)::${['Drama', 'Comedy', 'Crime', 'Family'][i % 4]}`).join('\n'));
    await expect(runEvaluate({ ratings: file, split: 'stratified-item', ratio: 0.75, seed: 42, k: 10, algorithms: ['engine'] })).rejects.toThrow(/--items/);
    const { results } = await runEvaluate({
      ratings: file,
      items,
      split: 'stratified-item',
      ratio: 0.75,
      seed: 42,
      k: 10,
      algorithms: ['popular', 'engine', 'engine-relevance'],
      engineUsers: 60,
    });
    expect(results.map((r) => r.algorithm)).toEqual(['popular', 'engine', 'engine-relevance']);
    const [, diverse, relevance] = results as Array<(typeof results)[number] & { diversity: number }>;
    expect(diverse!.users).toBe(60);
    expect(diverse!.diversity).toBeGreaterThan(relevance!.diversity);
    expect(diverse!.ndcg).toBeGreaterThan(0);
    expect(formatResults(results, 10)).toMatch(/\| engine \|.*\| 0\.\d{3} \|/);
  }, 60_000);

  it('prints one JSON object with --json and exits 2 on bad input', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const tsx = resolve(root, 'node_modules/.bin/tsx');
    const out = execFileSync(tsx, ['src/cli.ts', 'evaluate', '--ratings', file, '--algorithms', 'popular,item-knn', '--json'], { cwd: root, encoding: 'utf8' });
    const parsed = JSON.parse(out) as { results: Array<Record<string, unknown>> };
    expect(parsed.results.map((r) => r.algorithm)).toEqual(['popular', 'item-knn-bm25']);
    for (const key of ['map', 'ndcg', 'precision', 'recall', 'coverage', 'fitSeconds', 'recommendSeconds']) {
      expect(typeof parsed.results[0]![key]).toBe('number');
    }
    let status = 0;
    try {
      execFileSync(tsx, ['src/cli.ts', 'evaluate', '--ratings', file, '--algorithms', 'nope'], { cwd: root, stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(2);
  }, 60_000);
});
