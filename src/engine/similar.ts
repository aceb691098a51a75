/**
 * "More like this": the items most like one item. Where the trained models know the item, who
 * watches it decides (each model's own neighbours, blended with the weights heavy users are
 * served); the content embeddings fill what they cannot, and serve items nobody has watched.
 */
import { NotFoundError } from '../core/errors.js';
import { idSchema, parseInput } from '../core/schema.js';
import type { SimilarItem } from '../core/types.js';
import type { Candidate } from '../sources/source.js';
import { embedAndStore } from './catalog.js';
import { normalizeMinMax } from './pipeline/blend.js';
import type { Runtime } from './runtime.js';
import { userTuning } from './user-tuning.js';

/** The items most similar to `itemId`, most similar first: by viewers, then by content. */
export async function similarItems(rt: Runtime, itemId: unknown, options: unknown): Promise<SimilarItem[]> {
  const id = parseInput(idSchema, itemId, 'itemId');
  const o = parseInput(rt.schemas.similar, options ?? {}, 'options');
  const count = o.count ?? rt.tuning.recommend.defaultCount;
  if (!rt.catalog.has(id)) throw new NotFoundError('content', id);
  const excluded = new Set([id, ...(o.exclude ?? [])]);
  const byViewers = viewersAlike(rt, id, count, excluded);
  if (byViewers.length >= count) return byViewers;
  const taken = new Set([...excluded, ...byViewers.map((s) => s.itemId)]);
  return [...byViewers, ...(await contentAlike(rt, id, count - byViewers.length, taken))];
}

/**
 * Each trained source's neighbours of the item, min-max normalised as the blend normalises
 * candidates and weighted as a heavy user's blend is (a source that throws is left out, and the
 * host hears); the blended score is divided by the weight of the sources that spoke.
 */
function viewersAlike(rt: Runtime, id: string, count: number, excluded: ReadonlySet<string>): SimilarItem[] {
  const { weights } = userTuning(rt, [], Number.MAX_SAFE_INTEGER).blend;
  const totals = new Map<string, number>();
  let spoke = 0;
  for (const source of rt.sources.sources) {
    const weight = Object.hasOwn(weights, source.name) ? weights[source.name]! : 0;
    if (!(weight > 0) || !source.similar) continue;
    let found: Candidate[];
    try {
      found = source.similar(id, count + excluded.size).filter((c) => !excluded.has(c.itemId) && rt.catalog.has(c.itemId));
    } catch (error) {
      rt.sourceFaults.failed(source.name, error);
      continue;
    }
    if (found.length === 0) continue;
    spoke += weight;
    normalizeMinMax(found).forEach((n, i) => totals.set(found[i]!.itemId, (totals.get(found[i]!.itemId) ?? 0) + weight * n));
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([itemId, total]) => ({ itemId, score: total / spoke, by: 'viewers' as const }));
}

/** The nearest items by content embedding (cosine), skipping `taken`. */
async function contentAlike(rt: Runtime, id: string, count: number, taken: ReadonlySet<string>): Promise<SimilarItem[]> {
  let vector = (await rt.stores.vectors.get([id])).get(id);
  if (!vector) {
    // Stored by another process without a vector: embed it now rather than fail.
    const item = await rt.stores.content.get(id);
    if (!item) throw new NotFoundError('content', id);
    [vector] = await embedAndStore(rt, [item]);
  }
  const matches = await rt.stores.vectors.query(vector!, { k: count + taken.size, excludeIds: [...taken] });
  return matches
    .filter((m) => rt.catalog.has(m.id) && !taken.has(m.id))
    .slice(0, count)
    .map((m) => ({ itemId: m.id, score: m.score, by: 'content' as const }));
}
