import { describe, expect, it } from 'vitest';
import { ValidationError, createEngine, type ContentItem, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { DecayedCounter } from '../../../src/algorithms/popularity/decayed-counter.js';
import { CatalogIndex } from '../../../src/core/catalog-index.js';
import type { TrackedEvent } from '../../../src/core/types.js';
import { DemographicSource } from '../../../src/sources/demographic/index.js';
import type { SourceRequest } from '../../../src/sources/source.js';

const T0 = Date.UTC(2025, 0, 1);
// Twenty crime and twenty family films, equally popular overall: Belgians watch crime, Americans family.
const catalog: ContentItem[] = [
  ...Array.from({ length: 20 }, (_, i) => ({ id: `crime-${i}`, title: `Crime ${i}`, genres: ['Crime'] })),
  ...Array.from({ length: 20 }, (_, i) => ({ id: `family-${i}`, title: `Family ${i}`, genres: ['Family'] })),
];
const crowd = (country: string, genre: string): ViewingEvent[] =>
  Array.from({ length: 6 }, (_, u) =>
    Array.from({ length: 5 }, (_, i) => ({
      userId: `${country}-${u}`,
      contentId: `${genre}-${(u + i) % 20}`,
      type: 'complete' as const,
      timestamp: T0 - 3_600_000,
    })),
  ).flat();
const share = (items: Array<{ itemId: string }>, prefix: string) => items.filter((r) => r.itemId.startsWith(prefix)).length / items.length;

async function world(stores = createMemoryStores({ dimension: 512 })) {
  const engine = await createEngine({
    stores,
    clock: () => T0,
    cache: { enabled: false },
    diversity: { lambda: 1, maxGenreShare: 1 },
    coldStart: { explorationShare: 0 },
  });
  return engine;
}

describe('demographic cold start', () => {
  it('offers a new user what viewers sharing their demographics watch, and says so', async () => {
    const engine = await world();
    await engine.upsertContent(catalog);
    for (let u = 0; u < 6; u++) {
      await engine.updateUserAttributes(`be-${u}`, { demographics: { country: 'BE' } });
      await engine.updateUserAttributes(`us-${u}`, { demographics: { country: 'US' } });
    }
    await engine.track([...crowd('be', 'crime'), ...crowd('us', 'family')]);
    await engine.updateUserAttributes('newcomer-be', { demographics: { country: 'BE', ageBand: '25-34' } });
    await engine.updateUserAttributes('newcomer-us', { demographics: { country: 'US' } });
    const be = await engine.recommendDetailed('newcomer-be', { count: 6 });
    const us = await engine.recommend('newcomer-us', { count: 6 });
    expect(share(be.items, 'crime')).toBe(1);
    expect(share(us, 'family')).toBe(1);
    expect(be.items[0]!.explanation).toBe('Popular with viewers like you');
    expect(be.sources.find((s) => s.source === 'demographic')!.weight).toBeGreaterThan(0);
    // Without demographics the same engine has no reason to prefer either genre.
    const nobody = await engine.recommendDetailed('anonymous', { count: 6 });
    expect(nobody.sources.find((s) => s.source === 'demographic')!.weight).toBe(0);
  });

  it('counts events tracked before the attributes were set, and survives a restart on the same stores', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const first = await world(stores);
    await first.upsertContent(catalog);
    await first.track(crowd('be', 'crime')); // no demographics yet
    for (let u = 0; u < 6; u++) await first.updateUserAttributes(`be-${u}`, { demographics: { country: 'BE' } });
    await first.track(crowd('us', 'family')); // Americans never get demographics: their events count nowhere
    await first.updateUserAttributes('newcomer', { demographics: { country: 'BE' } });
    expect(share(await first.recommend('newcomer', { count: 6 }), 'crime')).toBe(1);
    await first.close();
    const second = await world(stores);
    expect(await second.getUserAttributes('newcomer')).toMatchObject({ demographics: { country: 'BE' }, preferredGenres: [], updatedAt: new Date(T0) });
    expect(share(await second.recommend('newcomer', { count: 6 }), 'crime')).toBe(1);
  });

  it('uses stored preferred genres when a request gives none, and forgets attributes with the user', async () => {
    const engine = await world();
    await engine.upsertContent(catalog);
    await engine.track(crowd('us', 'family'));
    const stored = await engine.updateUserAttributes('fan', { preferredGenres: ['Crime'] });
    expect(stored).toMatchObject({ userId: 'fan', demographics: {}, preferredGenres: ['Crime'] });
    const recs = await engine.recommend('fan', { count: 4 });
    expect(share(recs, 'crime')).toBe(1);
    expect(recs[0]!.explanation).toBe('Because you like Crime');
    // A field left out keeps its stored value.
    await engine.updateUserAttributes('fan', { demographics: { country: 'BE' } });
    expect((await engine.getUserAttributes('fan'))?.preferredGenres).toEqual(['Crime']);
    await engine.forgetUser('fan');
    expect(await engine.getUserAttributes('fan')).toBeUndefined();
    expect(share(await engine.recommend('fan', { count: 4 }), 'crime')).toBeLessThan(1);
  });

  it('rejects malformed attributes with the field at fault and stores nothing', async () => {
    const engine = await world();
    const field = async (input: unknown) => {
      const error = await engine.updateUserAttributes('u', input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).field;
    };
    expect(await field({ demographics: { country: 7 } })).toBe('attributes.demographics.country');
    expect(await field({ demographics: ['BE'] })).toBe('attributes.demographics');
    expect(await field({ preferredGenres: 'Crime' })).toBe('attributes.preferredGenres');
    expect(await field({ favouriteColour: 'red' })).toBe('attributes.favouriteColour');
    expect(await field({ demographics: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) })).toBe('attributes.demographics');
    expect(await field(null)).toBe('attributes');
    expect(await engine.getUserAttributes('u')).toBeUndefined();
  });
});

describe('the demographic source’s decay', () => {
  const request: Omit<SourceRequest, 'now'> = { userId: 'newcomer', interactions: new Map(), excluded: new Set(), limit: 2, demographics: { country: 'BE' } };

  it('follows the popularity counter’s half-life when the events are counted again (a tuned half-life, after a fit or a snapshot)', async () => {
    const catalog = new CatalogIndex();
    catalog.add([
      { id: 'classic', title: 'Classic' },
      { id: 'hit', title: 'Hit' },
    ]);
    const popularity = new DecayedCounter(7);
    const source = new DemographicSource(catalog, popularity);
    await source.setUserAttributes({ userId: 'a', demographics: { country: 'BE' }, preferredGenres: [], updatedAt: new Date(T0) });
    await source.setUserAttributes({ userId: 'b', demographics: { country: 'BE' }, preferredGenres: [], updatedAt: new Date(T0) });
    const now = T0 + 400 * 86_400_000;
    // Three views of the classic a year ago, one of the hit yesterday.
    const events: TrackedEvent[] = [
      ...[0, 1, 2].map((i) => ({
        id: `e${i}`,
        userId: i === 1 ? 'b' : 'a',
        contentId: 'classic',
        type: 'complete' as const,
        rewatch: false,
        timestamp: T0 + 35 * 86_400_000 + i,
      })),
      { id: 'e3', userId: 'b', contentId: 'hit', type: 'complete' as const, rewatch: false, timestamp: now - 86_400_000 },
    ];
    const first = async () => (await source.candidates({ ...request, now })).map((c) => c.itemId)[0];
    source.addEvents(events);
    expect(await first()).toBe('hit');
    // Trending's half-life tuned to ten years: the groups, counted again, decay as slowly.
    popularity.reset(3650);
    source.clearEvents();
    source.addEvents(events);
    expect(await first()).toBe('classic');
  });
});

describe('the tuner’s view of the demographic groups', () => {
  it('judges them at the half-life it chose for trending, as they will serve', async () => {
    // A year ago Belgians watched ten crime films and Americans ten family films, each a lot;
    // yesterday a few of each watched other films of the other genre. Held-out items are mostly
    // the old ones, so all-time popularity wins, and the groups only help counting a year back.
    const DAY = 86_400_000;
    const now = T0 + 400 * DAY;
    const events: ViewingEvent[] = [];
    const attributes: Array<[string, string]> = [];
    for (let u = 0; u < 160; u++) {
      const be = u % 2 === 0;
      attributes.push([`p${u}`, be ? 'BE' : 'US']);
      for (let k = 0; k < 8; k++) {
        const item = `${be ? 'crime' : 'family'}-${(u + k * 3) % 10}`;
        events.push({ userId: `p${u}`, contentId: item, type: 'complete', timestamp: T0 + ((u * 8 + k) % 30) * DAY });
      }
      if (u % 8 < 2) {
        for (let k = 0; k < 3; k++)
          events.push({ userId: `p${u}`, contentId: `${be ? 'family' : 'crime'}-${10 + ((u + k) % 10)}`, type: 'complete', timestamp: now - DAY - k });
      }
    }
    const engine = await createEngine({
      stores: createMemoryStores({ dimension: 512 }),
      clock: () => now,
      cache: { enabled: false },
      builtinSources: ['trending', 'demographic', 'item-knn'],
    });
    await engine.upsertContent(catalog);
    for (const [userId, country] of attributes) await engine.updateUserAttributes(userId, { demographics: { country } });
    await engine.track(events);
    const report = await engine.fit({ tune: { budgetSeconds: 5 } });
    expect(report.tuning.chosen!.halfLifeDays).toBeGreaterThan(30);
    // Counting a year back, a group knows its genre's old favourites, which all-time popularity
    // mixes with the other genre's (at the configured week, the groups knew yesterday's films).
    const { sources } = report.tuning.scores!;
    expect(sources.demographic).toBeGreaterThan(sources.trending! * 1.5);
  }, 60_000);
});
