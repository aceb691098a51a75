import assert from 'node:assert/strict';
import { buildInteractionMatrix } from '../algorithms/cf/matrix.js';
import { foldInteractions } from '../algorithms/profile/engagement.js';
import { DecayedCounter } from '../algorithms/popularity/decayed-counter.js';
import { buildPreferenceVector, type PreferenceParams } from '../algorithms/profile/preference-vector.js';
import { CatalogIndex } from '../core/catalog-index.js';
import { HashingEmbedder } from '../embeddings/hashing-embedder.js';
import { itemText } from '../embeddings/types.js';
import type { Source, SourceContext, SourceRequest, TrainingData } from '../sources/source.js';
import { MemoryVectorStore } from '../stores/memory/vector-store.js';
import { checkerboardEvents, checkerboardItems, checkerboardMissing } from './checkerboard.js';
import type { ConformanceCase } from './harness.js';

/** Makes the source under test from the context an engine would lend it. */
export type SourceFactory = (context: SourceContext) => Source | Promise<Source>;

/** Options of {@link sourceSpec}. */
export interface SourceSpecOptions {
  /**
   * The source learns taste from events: after `fit()` (when it trains) it must rank every
   * checkerboard user's one missing item of their block first.
   */
  learnsTaste?: boolean;
}

const ENGAGEMENT: PreferenceParams = {
  weights: { completion: 0.4, rating: 0.3, rewatch: 0.2, dismiss: -0.5 },
  minCompletion: 0.3,
  ratingScale: { min: 1, max: 5 },
  decayRate: 0.95,
  decayPeriodDays: 30,
};

/** The checkerboard wired as an engine would: catalogue, popularity, vectors and the source fed. */
async function fixture(make: SourceFactory) {
  const items = checkerboardItems();
  const events = checkerboardEvents();
  const embedder = new HashingEmbedder({ dimension: 64 });
  embedder.fit(items.map(itemText));
  const vectors = new MemoryVectorStore({ dimension: 64 });
  await vectors.upsert(items.map((item) => ({ id: item.id, vector: embedder.embedOne(itemText(item)) })));
  const context: SourceContext = { catalog: new CatalogIndex(), popularity: new DecayedCounter(7), vectors, engagement: ENGAGEMENT };
  context.catalog.add(items);
  for (const e of events) context.popularity.add(context.catalog.ids.intern(e.contentId), 1, e.timestamp);
  const source = await make(context);
  source.addItems?.(items);
  source.addEvents?.(events);
  const now = events.at(-1)!.timestamp + 86_400_000;
  const embeddings = await vectors.get(items.map((i) => i.id));
  const request = (userId: string, limit = 5): SourceRequest => {
    const interactions = foldInteractions(
      events.filter((e) => e.userId === userId),
      ENGAGEMENT.ratingScale,
    );
    const preferenceVector = buildPreferenceVector(interactions.values(), (id) => embeddings.get(id), 64, ENGAGEMENT, now);
    return {
      userId,
      interactions,
      excluded: new Set(interactions.keys()),
      limit,
      now,
      profile: {
        userId,
        preferenceVector,
        genreAffinities: {},
        temporalPatterns: { hourly: [], weekday: [] },
        interactionCount: interactions.size,
        updatedAt: new Date(now),
      },
    };
  };
  const positives = events.map((e) => ({ userId: e.userId, itemId: e.contentId, value: 1 }));
  const training: TrainingData = { matrix: buildInteractionMatrix(positives) };
  return { source, context, request, training, make };
}

function assertCandidates(candidates: ReadonlyArray<{ itemId: string; score: number }>, request: SourceRequest): void {
  assert.ok(candidates.length <= request.limit, `at most ${request.limit} candidates, got ${candidates.length}`);
  assert.equal(new Set(candidates.map((c) => c.itemId)).size, candidates.length, 'each item once');
  for (const c of candidates) {
    assert.ok(!request.excluded.has(c.itemId), `${c.itemId} was excluded`);
    assert.ok(Number.isFinite(c.score), `finite score for ${c.itemId}`);
  }
  for (let k = 1; k < candidates.length; k++) assert.ok(candidates[k - 1]!.score >= candidates[k]!.score, 'best first');
}

/**
 * The contract every {@link Source} must meet, run on the checkerboard (see `checkerboardItems`).
 * `make` receives a fresh context per case.
 *
 * @example
 * ```ts
 * for (const c of sourceSpec((context) => new EditorialSource(context.catalog))) it(c.name, c.run);
 * ```
 */
export function sourceSpec(make: SourceFactory, options: SourceSpecOptions = {}): ConformanceCase[] {
  const cases: Record<string, (f: Awaited<ReturnType<typeof fixture>>) => Promise<void>> = {
    'source: declares a name, a role and a default weight': async ({ source }) => {
      assert.equal(typeof source.name, 'string');
      assert.ok(source.name.length > 0);
      assert.ok(['personal', 'cold-start', 'ambient'].includes(source.role));
      assert.ok(Number.isFinite(source.defaultWeight) && source.defaultWeight >= 0);
    },
    'source: proposes at most `limit` distinct, non-excluded candidates with finite scores, best first': async ({ source, request, training }) => {
      await source.fit?.(training, {});
      for (const userId of ['u0', 'u13'])
        for (const limit of [1, 3, 50]) assertCandidates(await source.candidates(request(userId, limit)), request(userId, limit));
    },
    'source: scores only the items it is asked about': async ({ source, request, training, context }) => {
      if (!source.score) return;
      await source.fit?.(training, {});
      const asked = ['i0', 'i5', 'i15', 'unknown-item'];
      const scored = await source.score(request('u1'), asked);
      for (const c of scored) {
        assert.ok(asked.includes(c.itemId), `${c.itemId} was not asked for`);
        assert.ok(Number.isFinite(c.score));
      }
      // The engine passes the catalogue indices of the items it asks about: the same answer.
      const known = asked.filter((id) => context.catalog.has(id));
      const indices = known.map((id) => context.catalog.ids.indexOf(id)!);
      assert.deepEqual(await source.score(request('u1'), known, indices), await source.score(request('u1'), known), 'indices change no score');
    },
    'source: explains only the items it is asked about, in words': async ({ source, request, training }) => {
      if (!source.explain) return;
      await source.fit?.(training, {});
      const sentences = await source.explain(request('u2'), ['i2', 'i12']);
      for (const [itemId, sentence] of sentences) {
        assert.ok(['i2', 'i12'].includes(itemId));
        assert.ok(typeof sentence === 'string' && sentence.length > 0);
      }
    },
    'source: takes unknown users, empty changes and forgetting without failing': async ({ source, context }) => {
      source.addItems?.([]);
      source.addEvents?.([]);
      source.removeItems?.(['never-existed']);
      source.forgetUser?.('nobody');
      const stranger: SourceRequest = { userId: 'stranger', interactions: new Map(), excluded: new Set(), limit: 5, now: Date.UTC(2025, 0, 1) };
      if (source.appliesTo?.(stranger) === false) return;
      assertCandidates(await source.candidates(stranger), stranger);
      assert.ok(context.catalog.count > 0);
    },
    'source: never proposes a removed item': async ({ source, request, training }) => {
      await source.fit?.(training, {});
      const before = await source.candidates(request('u4', 20));
      if (before.length === 0) return;
      const gone = before[0]!.itemId;
      source.removeItems?.([gone]);
      const fresh = request('u4', 20);
      // The engine filters removed items from the catalogue too; a source need not, but must not fail.
      assertCandidates(await source.candidates(fresh), fresh);
    },
    'source: a trained model round-trips through its snapshot section': async ({ source, request, training, make, context }) => {
      if (!source.fit || !source.exportModel || !source.importModel) return;
      await source.fit(training, {});
      const section = source.exportModel();
      assert.ok(section, 'a fitted source exports its model');
      const copy = await make(context);
      copy.importModel!(section, training.matrix.items);
      assert.equal(copy.fitted, true);
      assert.deepEqual(await copy.candidates(request('u7')), await source.candidates(request('u7')));
    },
    'source: a source whose lists may be kept ranks purely, and its state version follows its model': async ({ source, request, training }) => {
      if (!source.stateVersion) return;
      await source.fit?.(training, {});
      const version = source.stateVersion();
      assert.equal(typeof version, 'number');
      // The engine keeps a deeper list without the request's own exclusions and filters it later:
      // that must give what the source would propose with them.
      const deep = await source.candidates({ ...request('u6', 20), excluded: new Set() });
      const asked = request('u6', 4);
      const extra = deep.find((c) => !asked.excluded.has(c.itemId))?.itemId;
      const narrowed = { ...asked, excluded: new Set([...asked.excluded, ...(extra ? [extra] : [])]) };
      const expected = deep.filter((c) => !narrowed.excluded.has(c.itemId)).slice(0, 4);
      assert.deepEqual(await source.candidates(narrowed), expected, 'candidates are the best non-excluded items of one ranking');
      if (source.score) {
        // Kept lists keep what `score` gave too: an item's score may not depend on the request's
        // exclusions, its limit or the other items asked with it.
        const ids = deep.map((c) => c.itemId).reverse();
        const alone = new Map<string, number>();
        for (const id of ids.slice(0, 5)) for (const c of await source.score({ ...asked, limit: 1 }, [id])) alone.set(c.itemId, c.score);
        for (const c of await source.score(request('u6', 20), ids))
          if (alone.has(c.itemId)) assert.equal(c.score, alone.get(c.itemId), `the score of ${c.itemId} is the same however it is asked`);
      }
      assert.equal(source.stateVersion(), version, 'proposing changes no state');
      if (source.fit) {
        await source.fit(training, {});
        assert.notEqual(source.stateVersion(), version, 'a refit changes the state version');
      }
    },
    'source: tunables name numeric settings inside sane ranges': async ({ source }) => {
      for (const t of source.tunables ?? []) {
        assert.ok(t.min < t.max, `${t.key}: min < max`);
        assert.ok(t.scale === 'linear' || t.min > 0, `${t.key}: a log scale needs a positive minimum`);
        const value = source.settings?.[t.key];
        assert.equal(typeof value, 'number', `${t.key} is a current setting`);
      }
    },
  };
  if (options.learnsTaste) {
    cases['source: ranks each checkerboard user’s missing item first'] = async ({ source, request, training }) => {
      await source.fit?.(training, {});
      for (const userId of ['u0', 'u3', 'u11', 'u19']) {
        const [best] = await source.candidates(request(userId, 3));
        assert.equal(best?.itemId, checkerboardMissing(userId), `first pick for ${userId}`);
      }
    };
  }
  return Object.entries(cases).map(([name, body]) => ({
    name,
    run: async () => body(await fixture(make)),
  }));
}
