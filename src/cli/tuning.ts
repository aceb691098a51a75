/** The tuner's report as `sona train` prints it. */
import type { TuningReport } from '../engine/tuning/index.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(3)).toString());
const settings = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');

/** A summary line and, when it tuned, a table per source and for the blend. */
export function formatTuning(report: TuningReport): string {
  if (report.status !== 'tuned') return `tuning ${report.status}: ${report.reason ?? ''}`.trim();
  const metric = `${report.metric === 'ndcg' ? 'nDCG' : report.metric === 'map' ? 'MAP' : report.metric}@${report.k}`;
  const v = report.validation!;
  const chosen = report.chosen!;
  const lines = [
    `tuned in ${report.seconds.toFixed(1)} s on ${v.users} validation users (${v.mode} holdout of ${v.heldOut} items${v.folds === 2 ? ' in two cross-fitted folds' : ''}, ${metric})${report.stoppedEarly ? '; the budget ended the search' : ''}`,
    '',
    `| source | trials | chosen | validation ${metric} |`,
    '| --- | ---: | --- | ---: |',
  ];
  const trials = (source: string) => report.trials.filter((t) => t.source === source).length;
  for (const [source, score] of Object.entries(report.scores!.sources)) {
    const picked = source === 'trending' && chosen.halfLifeDays !== undefined ? { halfLifeDays: chosen.halfLifeDays } : chosen.sources[source];
    lines.push(`| ${source} | ${trials(source)} | ${picked ? settings(picked) : '-'} | ${score.toFixed(4)} |`);
  }
  lines.push(`| blend, default weights | | | ${report.scores!.defaults.toFixed(4)} |`);
  // Sources that applied to no validation user kept their share; only the weighed ones are shown.
  const weighed = new Set(Object.keys(report.scores!.sources));
  const weights = (w: Record<string, number>) =>
    Object.entries(w)
      .filter(([n, x]) => x > 0 && weighed.has(n))
      .map(([n, x]) => `${n} ${x.toFixed(2)}`)
      .join(', ');
  const segments = (chosen.segments ?? []).map((s) => `${s.name}${s.below === null ? '' : ` (< ${s.below})`}: ${weights(s.weights)}`);
  if (report.reach) lines.push(`| blend, most accurate weights | | | ${report.reach.accurate.toFixed(4)} |`);
  lines.push(`| blend, tuned weights | | ${segments.join('; ') || 'host weights kept'} | ${report.scores!.blend.toFixed(4)} |`);
  const cost = `${Number(((report.varietyCost ?? 0.02) * 100).toPrecision(3))}%`;
  if (report.reach) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const penalties = [
      ...(chosen.popularityPenalty === undefined ? [] : [`popularity penalty ${fmt(chosen.popularityPenalty)}`]),
      ...(chosen.exposurePenalty === undefined ? [] : [`exposure penalty ${fmt(chosen.exposurePenalty)}`]),
    ];
    const penalty = penalties.length === 0 ? '' : `, ${penalties.join(', ')} (${trials('reach')} blends tried)`;
    lines.push(
      '',
      `reach: the validation users' lists cover ${pct(report.reach.coverage.chosen)} of the catalogue as served, ${pct(report.reach.coverage.accurate)} with the most accurate blend (the furthest reaching within ${cost} of it${penalty})`,
    );
  }
  if (chosen.minInteractions !== undefined) {
    lines.push(
      '',
      `personal sources at full weight from ${chosen.minInteractions} events (the fade-in that ranked validation users best; ${trials('fade')} tried)`,
    );
  }
  const [served, own] = report.trials.filter((t) => t.source === 'arrivals');
  if (served && own) {
    const scores = `on ${v.arrivals ?? 0} arrival probes: ${own.score.toFixed(4)} against ${served.score.toFixed(4)} as served`;
    lines.push(
      '',
      chosen.arrivals
        ? `arrivals (first event after the fit, < ${chosen.arrivals.below} events${chosen.arrivals.minInteractions === undefined ? '' : `, personal sources at full weight from ${chosen.arrivals.minInteractions}`}): ${weights(chosen.arrivals.weights)} (${scores})`
        : `arrivals: served as new users (weights of their own did not beat those by 1% ${scores})`,
    );
  }
  if (chosen.lambda !== undefined || chosen.maxGenreShare !== undefined) {
    const cap = chosen.maxGenreShare === undefined ? '' : chosen.maxGenreShare >= 1 ? ', no genre cap' : `, genre cap ${chosen.maxGenreShare * 100}%`;
    lines.push(
      '',
      `diversity: λ ${chosen.lambda ?? 'as set'}${cap} (the most varied lists within ${cost} of the most accurate setting; ${trials('diversity')} tried)`,
    );
  }
  return lines.join('\n');
}
