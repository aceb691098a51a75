import type { CatalogIndex } from '../../core/catalog-index.js';
import { instruments } from '../../core/telemetry.js';
import type { SourceName } from '../../core/types.js';
import type { Source, SourceRequest } from '../../sources/source.js';
import type { SourceResult } from './blend.js';

/** One source's part of a request: its candidates, weight and time. */
export type GatheredResult = SourceResult & { milliseconds: number };

/**
 * Two phases: every weighted source proposes candidates; then every source that can score
 * arbitrary items scores the candidates the others proposed, so the blend sees every signal
 * for every item in the union. `include` items (an allow-list) join the union unproposed.
 */
export async function gatherCandidates(
  sources: readonly Source[],
  weights: ReadonlyMap<SourceName, number>,
  request: SourceRequest,
  catalog: CatalogIndex,
  include: readonly string[] = [],
): Promise<GatheredResult[]> {
  const results = await Promise.all(
    sources.map(async (source) => {
      const weight = weights.get(source.name) ?? 0;
      const started = performance.now();
      const candidates = weight > 0 ? await source.candidates(request) : [];
      return { source: source.name, weight, candidates, milliseconds: performance.now() - started };
    }),
  );
  const union = new Set<string>();
  for (const r of results) for (const c of r.candidates) if (!request.excluded.has(c.itemId) && catalog.has(c.itemId)) union.add(c.itemId);
  for (const id of include) if (!request.excluded.has(id) && catalog.has(id)) union.add(id);
  await Promise.all(
    results.map(async (r, i) => {
      const source = sources[i]!;
      if (!source.score || r.weight <= 0) return;
      const proposed = new Set(r.candidates.map((c) => c.itemId));
      const rest = [...union].filter((id) => !proposed.has(id));
      if (rest.length === 0) return;
      const started = performance.now();
      r.candidates = [...r.candidates, ...(await source.score(request, rest))];
      r.milliseconds += performance.now() - started;
    }),
  );
  for (const r of results) if (r.weight > 0) instruments().source.record(r.milliseconds, { 'sona.source': r.source });
  return results;
}
