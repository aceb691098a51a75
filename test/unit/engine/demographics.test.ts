import { describe, expect, it } from 'vitest';
import { ValidationError, createEngine, type ContentItem, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { DecayedCounter } from '../../../src/algorithms/popularity/decayed-counter.js';
import { CatalogIndex } from '../../../src/core/catalog-index.js';
import type { TrackedEvent } from '../../../src/core/types.js';
import { DemographicSource } from '../../../src/sources/demographic/index.js';
import type { SourceRequest } from '../../../src/sources/source.js';
import { seededRandom } from '../../../src/core/random.js';

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

/** The world with six Belgian crime viewers and six American family viewers, demographics stated. */
async function countries() {
  const engine = await world();
  await engine.upsertContent(catalog);
  for (let u = 0; u < 6; u++) {
    await engine.updateUserAttributes(`be-${u}`, { demographics: { country: 'BE' } });
    await engine.updateUserAttributes(`us-${u}`, { demographics: { country: 'US' } });
  }
  await engine.track([...crowd('be', 'crime'), ...crowd('us', 'family')]);
  return engine;
}

describe('demographic cold start', () => {
  it('counts a viewer once per item in each group: one account clicking a film a thousand times does not lead its group', async () => {
    const engine = await countries();
    await engine.updateUserAttributes('bot', { demographics: { country: 'BE' } });
    await engine.track(Array.from({ length: 1000 }, (_, k) => ({ userId: 'bot', contentId: 'family-0', type: 'click' as const, timestamp: T0 - k * 1000 })));
    await engine.updateUserAttributes('newcomer-be', { demographics: { country: 'BE' } });
    const first = async () => (await engine.recommend('newcomer-be', { count: 1 }))[0]!.itemId;
    expect(await first()).toMatch(/^crime-/);
    // Counted again from the stores, the same.
    await engine.fit({ tune: false });
    expect(await first()).toMatch(/^crime-/);
    await engine.close();
  });

  it('offers a new user what viewers sharing their demographics watch, and says so', async () => {
    const engine = await countries();
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

  it('lets a fact that says nothing about taste move the list little: the groups combine by their lifts', async () => {
    const engine = await world();
    await engine.upsertContent(catalog);
    // Belgians watch a few crime films each, Americans many family films; half of each wear size
    // 42, a third have blue eyes.
    const events: ViewingEvent[] = [];
    for (let u = 0; u < 12; u++) {
      const noise = { shoe: u % 2 === 0 ? '42' : '38', eyes: u % 3 === 0 ? 'blue' : 'brown' };
      await engine.updateUserAttributes(`be-${u}`, { demographics: { country: 'BE', ...noise } });
      await engine.updateUserAttributes(`us-${u}`, { demographics: { country: 'US', ...noise } });
      for (let i = 0; i < 3; i++) events.push({ userId: `be-${u}`, contentId: `crime-${(u + i) % 20}`, type: 'complete', timestamp: T0 - 3_600_000 });
      for (let i = 0; i < 12; i++) events.push({ userId: `us-${u}`, contentId: `family-${(u + i) % 20}`, type: 'complete', timestamp: T0 - 3_600_000 });
    }
    await engine.track(events);
    await engine.updateUserAttributes('newcomer', { demographics: { country: 'BE', shoe: '42', eyes: 'blue' } });
    // The noise groups' own favourites are family films (Americans watch more); a mean of the
    // groups' rankings let them in. Their lifts are near 1 for every film, so the country decides.
    expect(share(await engine.recommend('newcomer', { count: 6 }), 'crime')).toBe(1);
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

/** A demographic source over a catalogue of `ids`, with the popularity counter it reads. */
function sourceOver(ids: readonly string[], halfLifeDays: number) {
  const catalog = new CatalogIndex();
  catalog.add(ids.map((id) => ({ id, title: id })));
  const popularity = new DecayedCounter(halfLifeDays);
  return { catalog, popularity, source: new DemographicSource(catalog, popularity) };
}

describe('the demographic source’s decay', () => {
  const request: Omit<SourceRequest, 'now'> = { userId: 'newcomer', interactions: new Map(), excluded: new Set(), limit: 2, demographics: { country: 'BE' } };

  it('follows the popularity counter’s half-life when the events are counted again (a tuned half-life, after a fit or a snapshot)', async () => {
    const { catalog, popularity, source } = sourceOver(['classic', 'hit'], 7);
    const now = T0 + 400 * 86_400_000;
    // Thirty Belgians watched the classic a year ago, ten the hit yesterday.
    const events: TrackedEvent[] = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      userId: `be-${i}`,
      contentId: i < 30 ? 'classic' : 'hit',
      type: 'complete' as const,
      rewatch: false,
      timestamp: i < 30 ? T0 + 35 * 86_400_000 + i : now - 86_400_000,
    }));
    for (let i = 0; i < 40; i++)
      await source.setUserAttributes({ userId: `be-${i}`, demographics: { country: 'BE' }, preferredGenres: [], updatedAt: new Date(T0) });
    // As the engine's registry does: the popularity counter, then the sources.
    const count = () => {
      for (const e of events) popularity.add(catalog.ids.intern(e.contentId), 1, e.timestamp);
      source.addEvents(events);
    };
    const first = async () => (await source.candidates({ ...request, now })).map((c) => c.itemId)[0];
    count();
    expect(await first()).toBe('hit');
    // Trending's half-life tuned to ten years: the groups, counted again, decay as slowly (at
    // a week they would see only the hit, and lift it over the classic everyone else saw).
    popularity.reset(3650);
    source.clearEvents();
    count();
    expect(await first()).toBe('classic');
  });
});

describe('the demographic source’s scores', () => {
  it('are popularity with everyone times the group’s lift, the group shrunk toward everyone by ten events', async () => {
    const { catalog, popularity, source } = sourceOver(['a', 'b'], 3650);
    // Everyone: a 30 times, b 10 times; the ten members of the group watched b only.
    const events: TrackedEvent[] = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      userId: i < 10 ? `member-${i}` : `other-${i}`,
      contentId: i < 10 ? 'b' : 'a',
      type: 'complete' as const,
      rewatch: false,
      timestamp: T0,
    }));
    for (let i = 0; i < 10; i++)
      await source.setUserAttributes({ userId: `member-${i}`, demographics: { club: 'x' }, preferredGenres: [], updatedAt: new Date(T0) });
    for (const e of events) popularity.add(catalog.ids.intern(e.contentId), 1, e.timestamp);
    source.addEvents(events);
    const scores = await source.score({ userId: 'newcomer', interactions: new Map(), excluded: new Set(), limit: 2, now: T0, demographics: { club: 'x' } }, [
      'a',
      'b',
    ]);
    const compress = (x: number) => Math.log1p(100 * x) / Math.log1p(100);
    // a: relative popularity 1, lift (10·0 + 10·0.75) / (20·0.75) = 0.5; b: 1/3, lift (10·1 + 10·0.25) / (20·0.25) = 2.5.
    expect(scores[0]!.score).toBeCloseTo(compress(0.5), 9);
    expect(scores[1]!.score).toBeCloseTo(compress((1 / 3) * 2.5), 9);
  });
});

describe('a fact that tells nothing', () => {
  it('is left out of the scores, where a fact that tells something is kept', async () => {
    const ids = [...Array.from({ length: 20 }, (_, i) => `crime-${i}`), ...Array.from({ length: 20 }, (_, i) => `family-${i}`)];
    const { catalog, popularity, source } = sourceOver(ids, 3650);
    const random = seededRandom(5);
    const events: TrackedEvent[] = [];
    for (let u = 0; u < 200; u++) {
      const country = u % 2 === 0 ? 'BE' : 'US';
      // Shoe size is drawn apart from country and taste.
      await source.setUserAttributes({
        userId: `p${u}`,
        demographics: { country, shoe: random() < 0.5 ? '42' : '38' },
        preferredGenres: [],
        updatedAt: new Date(T0),
      });
      for (let k = 0; k < 6; k++) {
        const genre = random() < 0.8 ? (country === 'BE' ? 'crime' : 'family') : country === 'BE' ? 'family' : 'crime';
        events.push({ id: `e${u}-${k}`, userId: `p${u}`, contentId: `${genre}-${Math.floor(random() * 20)}`, type: 'complete', rewatch: false, timestamp: T0 });
      }
    }
    for (const e of events) popularity.add(catalog.ids.intern(e.contentId), 1, e.timestamp);
    source.addEvents(events);
    const scores = async (demographics: Record<string, string>) =>
      (await source.score({ userId: 'newcomer', interactions: new Map(), excluded: new Set(), limit: 40, now: T0, demographics }, ids)).map((c) => c.score);
    const byCountry = await scores({ country: 'BE' });
    expect(await scores({ country: 'BE', shoe: '42' })).toEqual(byCountry);
    // The country is kept: its crime films lead.
    const leading = ids.map((id, i) => ({ id, score: byCountry[i]! })).sort((a, b) => b.score - a.score);
    expect(leading.slice(0, 8).every(({ id }) => id.startsWith('crime'))).toBe(true);
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
