import type { CatalogIndex } from '../../core/catalog-index.js';
import type { SourceName } from '../../core/types.js';
import type { Candidate, Source, SourceRequest } from '../../sources/source.js';
import type { CandidateLists, UnionItem } from './candidate-lists.js';
import type { SourceResult } from './blend.js';
import { guardedCall, TimeLimit, type SourceGuard } from './source-guard.js';

/** The user's kept lists, and what the request would ask of a source for a list worth keeping. */
export interface KeptLists {
  lists: CandidateLists;
  /** The request with only the exclusions every request of this user shares (watched items). */
  shared: SourceRequest;
  /** Everything but the source's state version of the lists' stamp. */
  stamp: string;
  /** The catalogue's version the stamp was made with. */
  catalogVersion: number;
}

/** A source's candidates, with their catalogue indices when a kept list gave them. */
type Proposed = { candidates: Candidate[]; indices?: readonly number[] };

/**
 * A source's candidates for the request: from its kept list when current (with their live
 * catalogue indices), else asked of the source, for a list twice as deep under the shared
 * exclusions when it may be kept.
 */
export async function proposals(source: Source, request: SourceRequest, catalog: CatalogIndex, kept: KeptLists | undefined): Promise<Proposed> {
  if (!kept?.lists.enabled || !source.stateVersion) return { candidates: finite(await source.candidates(request)) };
  const stamp = stampOf(kept, source);
  const hit = kept.lists.lookup(source, request, stamp, catalog);
  if (hit) return hit;
  const depth = request.limit * 2;
  const proposed = finite(await source.candidates({ ...kept.shared, limit: depth }));
  // The source may have changed while it worked: keep only what is still current.
  if (stampOf(kept, source) === stamp && catalog.version === kept.catalogVersion) kept.lists.keep(source, request.userId, stamp, proposed, depth, catalog);
  return { candidates: proposed.filter((c) => !request.excluded.has(c.itemId)).slice(0, request.limit) };
}

/** The stamp of `source`'s kept list for this user now (see candidate-lists.ts). */
function stampOf(kept: KeptLists, source: Source): string {
  return `${kept.stamp}:${source.stateVersion!()}`;
}

/** One source's part of a request: its candidates, weight and time. */
export type GatheredResult = SourceResult & { milliseconds: number };

/** Candidates with a finite score only: a source's NaN or Infinity never reaches the blend. */
function finite(candidates: Candidate[]): Candidate[] {
  for (const c of candidates) if (!Number.isFinite(c.score)) return candidates.filter((x) => Number.isFinite(x.score));
  return candidates;
}

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
  kept?: KeptLists,
  guard?: SourceGuard,
): Promise<GatheredResult[]> {
  /** Sources that threw or timed out: they take no further part. */
  const failed = new Set<Source>();
  /** Runs one source's part; a throw or a time-out costs only that part when a guard listens. */
  const guarded = <T>(limit: TimeLimit | undefined, source: Source, what: string, work: () => Promise<T>, fallback: T): Promise<T> =>
    guardedCall(guard, limit, { source: source.name, what }, work, fallback, () => failed.add(source));
  const proposing = TimeLimit.of(guard);
  const results = await Promise.all(
    sources.map(async (source) => {
      const weight = weights.get(source.name) ?? 0;
      const started = performance.now();
      const { candidates, indices }: Proposed =
        weight > 0 ? await guarded(proposing, source, 'candidates', () => proposals(source, request, catalog, kept), { candidates: [] }) : { candidates: [] };
      return { source: source.name, weight, candidates, indices, milliseconds: performance.now() - started };
    }),
  ).finally(() => proposing?.end());
  // The union, with each item's catalogue index found once for every source that needs it.
  const at = new Map<string, number>();
  const union: UnionItem[] = [];
  const join = (itemId: string, known?: number) => {
    if (at.has(itemId)) return;
    // A kept list's items come checked (live, not excluded) with their index.
    const index = known ?? (request.excluded.has(itemId) ? undefined : catalog.ids.indexOf(itemId));
    if (index === undefined || (known === undefined && !catalog.isLive(index))) return;
    at.set(itemId, union.length);
    union.push({ itemId, index });
  };
  for (const r of results) r.candidates.forEach((c, k) => join(c.itemId, r.indices?.[k]));
  for (const id of include) join(id);
  const scoring = TimeLimit.of(guard);
  await Promise.all(
    results.map(async (r, i) => {
      const source = sources[i]!;
      if (!source.score || r.weight <= 0 || failed.has(source)) return;
      // The union's items this source did not propose, marked by position.
      const proposed = new Uint8Array(union.length);
      for (const c of r.candidates) {
        const p = at.get(c.itemId);
        if (p !== undefined) proposed[p] = 1;
      }
      const rest = union.filter((_, p) => proposed[p] === 0);
      if (rest.length === 0) return;
      const started = performance.now();
      const scored = await guarded(scoring, source, 'score', () => scoresFor(source, request, rest, kept), []);
      const all = r.candidates.slice();
      for (const c of scored) all.push(c);
      r.candidates = all;
      r.milliseconds += performance.now() - started;
    }),
  ).finally(() => scoring?.end());
  return results;
}

/**
 * What `source` scores for `rest`: the scores its kept list holds for this user, and the
 * source's own for the items it was never asked about, which the list then keeps too.
 */
async function scoresFor(source: Source, request: SourceRequest, rest: readonly UnionItem[], kept: KeptLists | undefined): Promise<Candidate[]> {
  const ask = async (items: readonly UnionItem[]) =>
    finite(
      await source.score!(
        request,
        items.map((x) => x.itemId),
        items.map((x) => x.index),
      ),
    );
  if (!kept?.lists.enabled || !source.stateVersion) return ask(rest);
  const stamp = stampOf(kept, source);
  const found = kept.lists.scoresOf(source, request.userId, stamp, rest);
  if (!found) return ask(rest);
  if (found.unknown.length === 0) return found.known;
  const given = await ask(found.unknown);
  if (stampOf(kept, source) === stamp) kept.lists.rememberScores(source, request.userId, stamp, found.unknown, given);
  return [...found.known, ...given];
}
