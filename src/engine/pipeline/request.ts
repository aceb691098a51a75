/**
 * What the sources are asked for one user: the request (the user's hidden items and the
 * request's exclusions excluded), the user's kept lists with their stamp, and which sources
 * apply to it.
 */
import type { CatalogIndex } from '../../core/catalog-index.js';
import type { SourceName, UserProfile, ViewingContext } from '../../core/types.js';
import type { Source, SourceRequest } from '../../sources/source.js';
import type { Tuning } from '../config.js';
import type { UserHistory } from '../profiles.js';
import type { CandidateLists } from './candidate-lists.js';
import { hidesItem, type WatchedMode } from './filter.js';
import type { KeptLists } from './gather.js';
import { historyFingerprint } from './history-fingerprint.js';

/** What {@link sourceRequest} needs of a request (the pipeline's input holds it too). */
export interface RequestInput {
  tuning: Tuning;
  catalog: CatalogIndex;
  userId: string;
  profile: UserProfile | undefined;
  history: UserHistory;
  exclude: readonly string[];
  context: ViewingContext | undefined;
  now: number;
  /** Overrides `filters.watched`. */
  watched?: WatchedMode | undefined;
  /** Genres the user stated they like. */
  preferredGenres?: readonly string[] | undefined;
  /** Demographic facts the host gave for the user. */
  demographics?: Readonly<Record<string, string>> | undefined;
  /** Users' kept candidate lists (see candidate-lists.ts). */
  lists?: CandidateLists | undefined;
}

/**
 * The request every source is asked (the user's hidden items and the request's exclusions
 * excluded), and the user's kept lists with their stamp when lists are kept.
 */
export function sourceRequest(input: RequestInput, limit: number): { request: SourceRequest; kept: KeptLists | undefined } {
  const { tuning, history } = input;
  const watched = input.watched ?? tuning.filters.watched;
  const hidden = hiddenItems(history.interactions, watched, tuning.filters.completedAt);
  const request: SourceRequest = {
    userId: input.userId,
    interactions: history.interactions,
    excluded: input.exclude.length === 0 ? hidden : new Set([...hidden, ...input.exclude]),
    limit,
    now: input.now,
    ...(input.profile ? { profile: input.profile } : {}),
    ...(input.context ? { context: input.context } : {}),
    ...(input.preferredGenres?.length ? { preferredGenres: input.preferredGenres.map((g) => g.toLowerCase()) } : {}),
    ...(input.demographics ? { demographics: input.demographics } : {}),
  };
  const kept = input.lists?.enabled
    ? {
        lists: input.lists,
        shared: { ...request, excluded: hidden },
        stamp: `${input.catalog.version}:${watched}:${tuning.filters.completedAt}:${historyFingerprint(history.interactions, input.profile)}`,
        catalogVersion: input.catalog.version,
      }
    : undefined;
  return { request, kept };
}

/** Each folded history's hidden items by mode: a reused history (see HistoryMemo) is scanned once. */
const hiddenByHistory = new WeakMap<UserHistory['interactions'], { watched: WatchedMode; completedAt: number; items: ReadonlySet<string> }>();

/** The user's items a request must not return (watched by the mode, dismissed, disliked). */
function hiddenItems(interactions: UserHistory['interactions'], watched: WatchedMode, completedAt: number): ReadonlySet<string> {
  const known = hiddenByHistory.get(interactions);
  if (known && known.watched === watched && known.completedAt === completedAt) return known.items;
  const items = new Set<string>();
  for (const it of interactions.values()) if (hidesItem(it, watched, completedAt)) items.add(it.itemId);
  hiddenByHistory.set(interactions, { watched, completedAt, items });
  return items;
}

/**
 * The sources that apply to `request`: one with nothing to go on takes no share of the blend;
 * nor does one that cannot tell (its `appliesTo` threw, reported to `onFailure`).
 */
export function applicableSources(sources: readonly Source[], request: SourceRequest, onFailure: (source: SourceName, error: unknown) => void): Source[] {
  return sources.filter((s) => {
    try {
      return s.appliesTo?.(request) ?? true;
    } catch (error) {
      onFailure(s.name, error);
      return false;
    }
  });
}
