/**
 * `sona evaluate --report out.html`: one self-contained HTML page (no network) with the metrics
 * table and Chart.js plots of nDCG, precision and recall at k = 1..20 per algorithm, and of
 * coverage and intra-list diversity. Chart.js is inlined from the installed package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EvaluationResult } from '../evaluation/runner.js';
import { jsonResults } from './evaluate.js';

/** What the page says about the run. */
export interface ReportMeta {
  ratings: string;
  split: string;
  ratio: number;
  seed: number;
  k: number;
  train: number;
  test: number;
}

/** The list length the curves go up to. */
export const REPORT_MAX_K = 20;

/** Renders the report page. */
export function renderReport(results: readonly EvaluationResult[], meta: ReportMeta): string {
  const table = jsonResults(results).results;
  const data = { meta, results: results.map((r, i) => ({ ...table[i], curve: r.curve ?? [] })) };
  const rows = results
    .map((r) => {
      const diversity = 'diversity' in r ? (r as { diversity: number }).diversity.toFixed(3) : '–';
      const cells = [r.map.toFixed(4), r.ndcg.toFixed(4), r.precision.toFixed(4), r.recall.toFixed(4), r.coverage.toFixed(3), diversity, String(r.users)];
      return `<tr><th scope="row">${escapeHtml(r.algorithm)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const k = meta.k;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SONA evaluation: ${escapeHtml(meta.ratings)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1d2329; }
  table { border-collapse: collapse; margin: 1rem 0 2rem; }
  th, td { padding: 0.3rem 0.8rem; border-bottom: 1px solid #d8dee4; text-align: right; }
  th[scope="row"], thead th:first-child { text-align: left; }
  .charts { display: grid; grid-template-columns: repeat(2, 1fr); gap: 1.5rem; }
  figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 0.4rem; }
  canvas { width: 100%; height: 300px; }
</style>
</head>
<body>
<h1>SONA evaluation</h1>
<p>${escapeHtml(meta.ratings)}: ${escapeHtml(meta.split)} split, ratio ${meta.ratio}, seed ${meta.seed};
${meta.train.toLocaleString('en')} train and ${meta.test.toLocaleString('en')} test interactions.
Curves cut each algorithm's top-${REPORT_MAX_K} list at k; engine variants' diversity is over those lists.</p>
<table>
<thead><tr><th>algorithm</th><th>MAP</th><th>nDCG@${k}</th><th>P@${k}</th><th>R@${k}</th><th>coverage</th><th>diversity</th><th>users</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="charts">
<figure><figcaption>nDCG@k</figcaption><canvas id="chart-ndcg" role="img" aria-label="nDCG at k per algorithm"></canvas></figure>
<figure><figcaption>Precision@k</figcaption><canvas id="chart-precision" role="img" aria-label="precision at k per algorithm"></canvas></figure>
<figure><figcaption>Recall@k</figcaption><canvas id="chart-recall" role="img" aria-label="recall at k per algorithm"></canvas></figure>
<figure><figcaption>Coverage and diversity</figcaption><canvas id="chart-coverage" role="img" aria-label="catalogue coverage and intra-list diversity per algorithm"></canvas></figure>
</div>
<script id="sona-data" type="application/json">${jsonForScript(data)}</script>
<script>${chartJsSource()}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}

/** Draws the four charts from the embedded data (runs in the browser). */
const DRAW = `
(function () {
  var data = JSON.parse(document.getElementById('sona-data').textContent);
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var common = { animation: false, responsive: false, plugins: { legend: { position: 'bottom' } } };
  function curve(id, metric) {
    new Chart(document.getElementById(id), {
      type: 'line',
      data: {
        labels: (data.results[0] ? data.results[0].curve : []).map(function (p) { return p.k; }),
        datasets: data.results.map(function (r, i) {
          return { label: r.algorithm, data: r.curve.map(function (p) { return p[metric]; }), borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], pointRadius: 2 };
        })
      },
      options: Object.assign({}, common, { scales: { x: { title: { display: true, text: 'k' } }, y: { beginAtZero: true } } })
    });
  }
  curve('chart-ndcg', 'ndcg');
  curve('chart-precision', 'precision');
  curve('chart-recall', 'recall');
  new Chart(document.getElementById('chart-coverage'), {
    type: 'bar',
    data: {
      labels: data.results.map(function (r) { return r.algorithm; }),
      // Diversity is measured for engine variants only: its legend entry appears when a bar does.
      datasets: [{ label: 'coverage', data: data.results.map(function (r) { return r.coverage; }), backgroundColor: '#1f77b4' }].concat(
        data.results.some(function (r) { return typeof r.diversity === 'number'; })
          ? [{ label: 'intra-list diversity', data: data.results.map(function (r) { return r.diversity; }), backgroundColor: '#ff7f0e' }]
          : []
      )
    },
    options: Object.assign({}, common, { scales: { y: { beginAtZero: true, max: 1 } } })
  });
})();
`;

function chartJsSource(): string {
  // chart.js's exports map does not list its UMD build; it sits beside the CommonJS entry.
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
}

/** JSON safe inside a <script> element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
