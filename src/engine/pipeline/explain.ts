/**
 * One human sentence per recommendation, from the source that leads it: "Because you watched
 * Heat and Ronin", "Trending this week", "Popular with viewers like you".
 */
import type { Recommendation, SourceName } from '../../core/types.js';
import type { Source, SourceRequest } from '../../sources/source.js';
import { givenFor, positiveSources, type BlendedItem } from './blend.js';
import { guardedCall, TimeLimit, type SourceGuard } from './source-guard.js';

/** A non-ambient source carrying at least this share of a score explains it, even when an ambient one carries more. */
const PERSONAL_SHARE = 0.25;

/** Said of an item when no source has a sentence for it. */
export const FALLBACK_SENTENCE = 'Recommended for you';
/** Said of an item nothing scored that nobody has watched yet. */
export const NEW_ITEM_SENTENCE = 'New in the catalogue';
/**
 * Said of an item nothing scored that has been watched: it fills the list, and no signal may
 * claim it (it is last on every list it is on). A blank reason left a host's page with a gap.
 */
export const FILL_SENTENCE = 'More from the catalogue';

/**
 * The source whose reason a result is given: the strongest source that knows the user (not
 * ambient) when it carries a real part of the score, else the strongest source.
 */
export function leadingSource(b: BlendedItem, roleOf: (name: SourceName) => Source['role'] | undefined): SourceName | undefined {
  // Last of every list it is on: a source that knows the user and saw merit in it may still say
  // why; popularity may not claim it.
  if (!(b.score > 0)) return positiveSources(b).find((name) => roleOf(name) !== 'ambient');
  const personal = b.contributions.find((c) => roleOf(c.source) !== 'ambient');
  if (personal && personal.share >= PERSONAL_SHARE) return personal.source;
  return b.contributions[0]?.source;
}

/** The final results with their sentences: a leading source's own explanation, else its reason. */
export async function explainResults(
  sources: readonly Source[],
  request: SourceRequest,
  top: readonly BlendedItem[],
  isNew: (itemId: string) => boolean = () => false,
  guard?: SourceGuard,
): Promise<Recommendation[]> {
  const byName = new Map(sources.map((s) => [s.name, s]));
  const roleOf = (name: SourceName) => byName.get(name)?.role;
  const lead = new Map(top.map((b) => [b.itemId, leadingSource(b, roleOf)]));
  // Sources that can say more than their reason (which watched items led to a result) explain the results they lead.
  const fromSources = new Map<string, string>();
  const asked = sources.flatMap((source) => {
    const mine = source.explain ? top.filter((b) => lead.get(b.itemId) === source.name).map((b) => b.itemId) : [];
    return mine.length > 0 ? [{ source, mine }] : [];
  });
  // No timer when no source is asked (trending, context and the cold-start sources never are).
  const limit = asked.length > 0 ? TimeLimit.of(guard) : undefined;
  await Promise.all(
    asked.map(async ({ source, mine }) => {
      // A source that cannot say more (it throws or times out) falls back to its reason, when a guard listens.
      const said = await guardedCall(guard, limit, { source: source.name, what: 'explain' }, () => source.explain!(request, mine), new Map<string, string>());
      for (const [itemId, sentence] of said) fromSources.set(itemId, sentence);
    }),
  ).finally(() => limit?.end());
  return top.map((b) => {
    const name = lead.get(b.itemId);
    // Nothing scored it: only a source that can say which of the user's items it relates to speaks.
    if (!(b.score > 0))
      return { itemId: b.itemId, score: b.score, sources: [], explanation: fromSources.get(b.itemId) ?? (isNew(b.itemId) ? NEW_ITEM_SENTENCE : FILL_SENTENCE) };
    let explanation = fromSources.get(b.itemId) ?? (name ? (givenFor(b, name)?.reason ?? byName.get(name)?.reason) : undefined) ?? FALLBACK_SENTENCE;
    const strongest = b.contributions[0]?.source;
    const clause = strongest !== undefined && strongest !== name ? givenFor(b, strongest)?.clause : undefined;
    if (clause) explanation += `, and ${clause}`;
    return { itemId: b.itemId, score: b.score, sources: b.contributions, explanation };
  });
}
