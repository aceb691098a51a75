/**
 * The tuner's stand-ins: fresh instances of the engine's sources, fed the training side of the
 * holdout only (catalogue, attributes, events), and the requests of the validation users as the
 * pipeline would build them from that side. The live sources keep serving meanwhile.
 */
import { DecayedCounter } from '../../algorithms/popularity/decayed-counter.js';
import { interestWeight } from '../../algorithms/popularity/interest.js';
import { foldInteractions } from '../../algorithms/profile/engagement.js';
import { buildPreferenceVector } from '../../algorithms/profile/preference-vector.js';
import { CatalogIndex } from '../../core/catalog-index.js';
import type { ContentItem, TrackedEvent } from '../../core/types.js';
import { SourceRegistry } from '../../sources/registry.js';
import type { Source, SourceContext, SourceRequest } from '../../sources/source.js';
import { hidesItem } from '../pipeline/filter.js';
import { profileParams } from '../profiles.js';
import { REPLAY_BATCH } from '../replay.js';
import type { Runtime } from '../runtime.js';

/** Shadow sources over the training side, and the context they share. */
export interface Shadow {
  context: SourceContext;
  registry: SourceRegistry;
  /** Names of sources that are the live instances (host objects that cannot be made again). */
  shared: ReadonlySet<string>;
  /**
   * Feeds the training events again to the fresh sources that can clear what they counted, after
   * the popularity counter took another half-life: counts that decay with it (the demographic
   * groups) then judge as they will serve.
   */
  recount(): Promise<void>;
}

/** Events in time order, for replay into fresh state. */
export function byTime(trainByUser: ReadonlyMap<string, readonly TrackedEvent[]>): TrackedEvent[] {
  return [...trainByUser.values()].flat().sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A popularity counter with `halfLifeDays`, fed the training events. */
export function trainPopularity(catalog: CatalogIndex, events: readonly TrackedEvent[], halfLifeDays: number): DecayedCounter {
  const counter = new DecayedCounter(halfLifeDays);
  for (const e of events) counter.add(catalog.ids.intern(e.contentId), interestWeight(e), e.timestamp);
  return counter;
}

/** Fresh sources fed the catalogue, the known users' attributes and the training events; a source whose hook throws misses that change, and `onFailure` hears. */
export async function buildShadow(
  rt: Runtime,
  items: readonly ContentItem[],
  trainByUser: ReadonlyMap<string, readonly TrackedEvent[]>,
  halfLifeDays: number,
  onFailure: (source: string, error: unknown) => void,
): Promise<Shadow> {
  const catalog = new CatalogIndex();
  catalog.add(items);
  const events = byTime(trainByUser);
  const context: SourceContext = {
    catalog,
    popularity: trainPopularity(catalog, events, halfLifeDays),
    vectors: rt.stores.vectors,
    engagement: profileParams(rt.tuning),
  };
  const shared = new Set<string>();
  // Sources without weight (opt-in ones such as the graph walk) take no part and cost nothing.
  const weighted = rt.sources.sources.filter((s) => (rt.tuning.blend.weights[s.name] ?? 0) > 0);
  const sources = weighted.map((live) => {
    const remake = rt.remakers.get(live.name);
    if (remake) return remake(context);
    shared.add(live.name);
    return live;
  });
  const registry = new SourceRegistry(sources, context);
  // The fresh sources are fed as the live ones are: one whose hook throws misses that change,
  // and the host hears (see SourceRegistry).
  const fresh = sources.filter((s) => !shared.has(s.name));
  const feed = async (hook: (s: Source) => unknown, to: readonly Source[] = fresh) => {
    for (const s of to) {
      try {
        await hook(s);
      } catch (error) {
        onFailure(s.name, error);
      }
    }
  };
  await feed((s) => s.addItems?.(items));
  for (const userId of trainByUser.keys()) {
    const attributes = rt.attributes.of(userId);
    if (attributes) await feed((s) => s.setUserAttributes?.(attributes));
  }
  const feedEvents = async (to: readonly Source[]) => {
    for (let i = 0; i < events.length; i += REPLAY_BATCH) {
      const batch = events.slice(i, i + REPLAY_BATCH);
      await feed((s) => s.addEvents?.(batch), to);
    }
  };
  await feedEvents(fresh);
  const recount = async () => {
    // Only what a source can clear is fed again: the others would count every event twice.
    const clearable = fresh.filter((s) => s.clearEvents !== undefined);
    await feed((s) => s.clearEvents?.(), clearable);
    await feedEvents(clearable);
  };
  return { context, registry, shared, recount };
}

/** A validation user's request, from their training events, as the pipeline builds it. */
export interface ValidationUser {
  request: SourceRequest;
  /** Events on the training side (the pipeline's interaction count). */
  interactionCount: number;
  relevant: ReadonlySet<string>;
  /** A newcomer probe ({@link newcomerProbes}), not a user as they are. */
  newcomer?: boolean;
}

/** The two sides of the validation split the tuner's users are built from. */
type Split = { heldOut: ReadonlyMap<string, ReadonlySet<string>>; trainByUser: ReadonlyMap<string, readonly TrackedEvent[]> };

/** The validation users' requests (limit as the pipeline's first round), sorted by user id. */
export async function validationUsers(rt: Runtime, { heldOut, trainByUser }: Split, limit: number, now: number): Promise<ValidationUser[]> {
  const views = [...heldOut.keys()].sort().map((userId) => ({ userId, events: trainByUser.get(userId) ?? [], relevant: heldOut.get(userId)! }));
  return requestsOf(rt, views, limit, now);
}

/** History lengths a newcomer probe reveals, in turn. */
const REVEALED = [1, 2, 3, 5];

/**
 * Newcomer probes: validation users seen as they were after their first 1, 2, 3 or 5 events (in
 * time order, one length per user in turn, fewer where the user has too few), judged on the
 * same held-out items. Validation users are established users, so without probes the blend's
 * fade-in and its weights for new users would be chosen on the few validation users who happen
 * to be new. A probe's id is its user's with a suffix, so no source's state about the user
 * stands in for the events it hides.
 */
export async function newcomerProbes(rt: Runtime, { heldOut, trainByUser }: Split, limit: number, now: number, max: number): Promise<ValidationUser[]> {
  const views: UserView[] = [];
  for (const [i, userId] of [...heldOut.keys()].sort().entries()) {
    if (views.length >= max) break;
    const events = [...(trainByUser.get(userId) ?? [])].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
    // Fewer training events than the turn's length: as many as leave one hidden.
    const revealed = Math.min(REVEALED[i % REVEALED.length]!, events.length - 1);
    if (revealed < 1) continue;
    views.push({ userId, id: `${userId}\u0000first-${revealed}`, events: events.slice(0, revealed), relevant: heldOut.get(userId)! });
  }
  return (await requestsOf(rt, views, limit, now)).map((u) => ({ ...u, newcomer: true }));
}

/** A user as the tuner shows them to the sources: their training events (maybe only the first few) and held-out items. */
export interface UserView {
  userId: string;
  /** The request's user id, when it differs from `userId` (a probe's). */
  id?: string;
  events: readonly TrackedEvent[];
  relevant: ReadonlySet<string>;
}

/** Requests built from each view's events as the pipeline builds them (the arrivals' probes are built so too). */
export async function requestsOf(rt: Runtime, views: readonly UserView[], limit: number, now: number): Promise<ValidationUser[]> {
  const params = profileParams(rt.tuning);
  const { watched, completedAt } = rt.tuning.filters;
  const folded = views.map((view) => ({ view, interactions: foldInteractions(view.events, rt.tuning.ratingScale) }));
  const ids = new Set<string>();
  for (const f of folded) for (const id of f.interactions.keys()) ids.add(id);
  const vectors = await rt.stores.vectors.get([...ids]);
  return folded.map(({ view, interactions }) => {
    const excluded = new Set<string>();
    for (const it of interactions.values()) if (hidesItem(it, watched, completedAt)) excluded.add(it.itemId);
    const count = view.events.length;
    const userId = view.id ?? view.userId;
    const attributes = rt.attributes.of(view.userId);
    const request: SourceRequest = {
      userId,
      interactions,
      excluded,
      limit,
      now,
      profile: {
        userId,
        preferenceVector: buildPreferenceVector(interactions.values(), (id) => vectors.get(id), rt.stores.vectors.dimension, params, now),
        genreAffinities: {},
        temporalPatterns: { hourly: [], weekday: [] },
        interactionCount: count,
        updatedAt: new Date(now),
      },
      ...(attributes?.preferredGenres.length ? { preferredGenres: attributes.preferredGenres.map((g) => g.toLowerCase()) } : {}),
      ...(attributes && Object.keys(attributes.demographics).length > 0 ? { demographics: attributes.demographics } : {}),
    };
    return { request, interactionCount: count, relevant: view.relevant };
  });
}

/** Sources that train, made fresh (not shared with the live engine). */
export function trainableShadows(shadow: Shadow): Source[] {
  return shadow.registry.sources.filter((s) => typeof s.fit === 'function' && !shadow.shared.has(s.name));
}
