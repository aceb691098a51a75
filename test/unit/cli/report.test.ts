import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runEvaluate } from '../../../src/cli/evaluate.js';
import { REPORT_MAX_K, renderReport } from '../../../src/cli/report.js';
import { seededRandom } from '../../../src/core/random.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'sona-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Debian's chromium (installed by .ci/run); CI must have it, a developer machine may not. */
function chromiumPath(): string | undefined {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}
const chromium = chromiumPath();
if (!chromium && process.env.CI === 'true') throw new Error('CI needs Debian chromium for the report test (.ci/run installs it)');

function ratingsFile(): string {
  const random = seededRandom(9);
  const lines: string[] = [];
  for (let u = 0; u < 150; u++) {
    for (let n = 0; n < 15; n++) {
      const item = random() < 0.3 ? Math.floor(random() * 6) : 6 + (u % 3) * 30 + Math.floor(random() ** 2 * 30);
      lines.push(`${u}::${item}::${1 + Math.floor(random() * 10)}::${1_600_000_000 + u * 100 + n}`);
    }
  }
  const file = join(dir, 'ratings.dat');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('sona evaluate --report', () => {
  const ratings = ratingsFile();

  it('writes a self-contained page with the table, curves to k = 20 and no outside references', async () => {
    const { results, train, test } = await runEvaluate({
      ratings,
      split: 'stratified-user',
      ratio: 0.75,
      seed: 1,
      k: 10,
      algorithms: ['popular', 'als', 'item-knn'],
      curveTo: REPORT_MAX_K,
    });
    for (const r of results) {
      expect(r.curve!.map((p) => p.k)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(r.curve![9]!.ndcg).toBeCloseTo(r.ndcg, 12); // the curve at k = 10 is the table's value
      expect(r.curve![19]!.recall).toBeGreaterThanOrEqual(r.curve![0]!.recall);
    }
    const html = renderReport(results, { ratings: '<ratings & co>', split: 'stratified-user', ratio: 0.75, seed: 1, k: 10, train, test });
    expect(html).toContain('&lt;ratings &amp; co&gt;');
    // Nothing is loaded from elsewhere (the browser test also watches every request).
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/i);
    writeFileSync(join(dir, 'report.html'), html);
  }, 120_000);

  it('the command writes the page and still prints the table', () => {
    const out = join(dir, 'cli-report.html');
    const r = spawnSync(
      resolve(root, 'node_modules/.bin/tsx'),
      [resolve(root, 'src/cli.ts'), 'evaluate', '--ratings', ratings, '--algorithms', 'popular,als', '--report', out],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| als \|/);
    expect(readFileSync(out, 'utf8')).toMatch(/<canvas id="chart-ndcg"/);
  }, 120_000);

  it.skipIf(!chromium)(
    'renders every chart in headless Chromium, offline, without page errors',
    async () => {
      const browser = await puppeteer.launch({ executablePath: chromium!, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        const fetched: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (req) => fetched.push(req.url()));
        await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
        // Runs in the page (a string, so this file needs no DOM types): each canvas's chart and painted pixels.
        const charts = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((canvas) => {
        const chart = Chart.getChart(canvas);
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return { id: canvas.id, type: chart && chart.config.type, datasets: chart && chart.data.datasets.length, painted };
      })`)) as Array<{ id: string; type: string; datasets: number; painted: number }>;
        expect(errors).toEqual([]);
        expect(fetched.every((url) => url.startsWith('file:') || url.startsWith('data:'))).toBe(true);
        expect(charts.map((c) => `${c.id}:${c.type}:${c.datasets}`)).toEqual([
          'chart-ndcg:line:3',
          'chart-precision:line:3',
          'chart-recall:line:3',
          // Models only: no diversity was measured, so no empty legend entry for it.
          'chart-coverage:bar:1',
        ]);
        for (const c of charts) expect(c.painted, c.id).toBeGreaterThan(2000);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
