import { describe, expect, it } from 'vitest';
import { createEngine, ValidationError, type SonaEngine } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { createPgliteStores } from '../../../src/stores/pglite/index.js';
import type { StoreSet } from '../../../src/stores/types.js';

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const T0 = Date.UTC(2025, 0, 1);

async function backends(): Promise<Array<{ name: string; stores: StoreSet; close: () => Promise<void> }>> {
  const pg = await createPgliteStores({ dimension: 512, vectorIndex: 'exact' });
  return [
    { name: 'memory', stores: createMemoryStores(), close: async () => {} },
    { name: 'pglite', stores: pg.stores, close: () => pg.close() },
  ];
}

async function fieldOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
}

describe('data that names prototype members', () => {
  it('genres, demographics and moods named constructor, __proto__, toString or hasOwnProperty are data like any other', async () => {
    for (const backend of await backends()) {
      const engine: SonaEngine = await createEngine({ stores: backend.stores, clock: () => T0 });
      await engine.upsertContent(PROTOTYPE_KEYS.map((g, i) => ({ id: `i${i}`, title: `Film ${i}`, genres: [g, 'Drama'] })));
      await engine.track(PROTOTYPE_KEYS.map((_, i) => ({ userId: 'u', contentId: `i${i}`, type: 'complete' as const, timestamp: T0 - i * 1000 })));
      const profile = await engine.getProfile('u');
      for (const g of PROTOTYPE_KEYS.map((k) => k.toLowerCase())) {
        expect(Object.hasOwn(profile.genreAffinities, g), `${backend.name}: ${g}`).toBe(true);
        expect(Number.isFinite(profile.genreAffinities[g])).toBe(true);
      }
      const demographics = Object.fromEntries(PROTOTYPE_KEYS.map((k) => [k, 'x']));
      // An own __proto__ key, as JSON.parse makes it, is kept, not dropped.
      const attributes = await engine.updateUserAttributes(
        'u2',
        JSON.parse('{"demographics":{"__proto__":"y","constructor":"z"},"preferredGenres":["constructor"]}'),
      );
      expect(Object.keys(attributes.demographics).sort()).toEqual(['__proto__', 'constructor']);
      await engine.updateUserAttributes('u3', { demographics });
      await engine.track({ userId: 'u3', contentId: 'i0', type: 'complete', timestamp: T0 });
      await expect(engine.fit({ tune: false })).resolves.toBeTruthy();
      const recs = await engine.recommend('new', { context: { mood: 'constructor', viewingWith: ['__proto__', 'toString'] } });
      expect(Array.isArray(recs)).toBe(true);
      await backend.close();
    }
  }, 60_000);
});

describe('strings every store can keep', () => {
  it('ids, titles, genres and metadata with lone surrogates or NUL are refused alike on every backend, naming the field', async () => {
    for (const backend of await backends()) {
      const engine = await createEngine({ stores: backend.stores });
      await engine.upsertContent({ id: 'ok', title: 'Fine' });
      expect(await fieldOf(engine.track({ userId: 'alice\ud800', contentId: 'ok', type: 'view' }))).toBe('event.userId');
      expect(await fieldOf(engine.track({ userId: 'alice\udc00', contentId: 'ok', type: 'view' }))).toBe('event.userId');
      expect(await fieldOf(engine.upsertContent({ id: 'x\ud800', title: 'X' }))).toBe('item.id');
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X\udfff' }))).toBe('item.title');
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', genres: ['a\u0000b'] }))).toBe('item.genres[0]');
      // Labels: storable, at most 256 characters (code points), non-empty once trimmed; kept trimmed and de-duplicated.
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', cast: ['ok', 'b\ud800'] }))).toBe('item.cast[1]');
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', genres: ['   '] }))).toBe('item.genres[0]');
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', genres: ['g'.repeat(257)] }))).toBe('item.genres[0]');
      await engine.upsertContent({ id: 'x', title: 'X', genres: [' Drama ', 'Drama', '😀'.repeat(256)] });
      expect((await backend.stores.content.get('x'))!.genres).toEqual(['Drama', '😀'.repeat(256)]);
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', metadata: { note: 'half \ud83c' } }))).toBe('item.metadata');
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', metadata: { ['k\u0000']: 1 } }))).toBe('item.metadata');
      // Found by bench/fuzz.ts: a Date stored as metadata read back as a string and broke every scan.
      expect(await fieldOf(engine.upsertContent({ id: 'x', title: 'X', metadata: new Date() as never }))).toBe('item.metadata');
      await expect(backend.stores.content.upsert([{ id: 'x', title: 'X', metadata: new Date() as never }])).rejects.toBeInstanceOf(ValidationError);
      expect(
        await fieldOf(
          engine.experiments.create({
            name: 'e',
            description: 'nul \u0000',
            variants: [
              { name: 'a', weight: 0.5 },
              { name: 'b', weight: 0.5 },
            ],
          }),
        ),
      ).toBe('experiment.description');
      // Stores refuse them too, for hosts that call them directly.
      await expect(
        backend.stores.events.append([{ id: 'e1', userId: 'bob\ud800', contentId: 'ok', type: 'view', rewatch: false, timestamp: 1 }]),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(backend.stores.experiments.create({ name: 'e', description: 'nul \u0000', variants: [{ name: 'a', weight: 1 }] })).rejects.toBeInstanceOf(
        ValidationError,
      );
      // A well-formed pair (an emoji) is fine, and the id limit counts code points.
      await engine.upsertContent({ id: '🎬'.repeat(512), title: '🎬 film' });
      expect(await fieldOf(engine.upsertContent({ id: '🎬'.repeat(513), title: 'too long' }))).toBe('item.id');
      expect(await engine.stores.events.count()).toBe(0);
      await backend.close();
    }
  }, 60_000);

  it('errors thrown by the caller’s own getters and Proxies become ValidationErrors', async () => {
    const engine = await createEngine();
    await engine.upsertContent({ id: 'ok', title: 'Fine' });
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(await fieldOf(engine.track(trap as never))).toBe('event');
    expect(await fieldOf(engine.recommend('u', trap as never))).toBe('options');
    const getter = {
      userId: 'u',
      contentId: 'ok',
      get type(): string {
        throw new Error('nope');
      },
    };
    expect(await fieldOf(engine.track(getter as never))).toBe('event');
    // null options mean none, as everywhere; the unknown experiment is the typed error.
    await expect(engine.experimentResults('x', null as never)).rejects.toMatchObject({ code: 'SONA_NOT_FOUND' });
  });
});

describe('events stamped in the future', () => {
  it('are refused beyond a day after the engine clock, naming the field and storing nothing; trending stays with real viewing', async () => {
    const engine = await createEngine({ clock: () => T0, cache: { enabled: false }, builtinSources: ['trending'] });
    await engine.upsertContent(['a', 'b', 'c'].map((id) => ({ id, title: `Film ${id}` })));
    await engine.track(['u1', 'u2', 'u3'].map((userId) => ({ userId, contentId: 'a', type: 'complete' as const, timestamp: T0 - 3_600_000 })));
    // A device whose clock says 2058: one such event used to outweigh every real one in trending.
    const batch = [
      { userId: 'u4', contentId: 'b', type: 'complete' as const, timestamp: T0 - 60_000 },
      { userId: 'u5', contentId: 'c', type: 'complete' as const, timestamp: T0 + 1e12 },
    ];
    expect(await fieldOf(engine.track(batch))).toBe('events[1].timestamp');
    expect(await fieldOf(engine.track({ userId: 'u5', contentId: 'c', type: 'complete', timestamp: '9999-12-31' }))).toBe('event.timestamp');
    // The batch is refused whole: its valid event is not stored either.
    await expect(engine.getProfile('u4')).rejects.toMatchObject({ code: 'SONA_NOT_FOUND' });
    // Clocks that disagree by hours are not refused.
    expect((await engine.track({ userId: 'u6', contentId: 'b', type: 'complete', timestamp: T0 + 23 * 3_600_000 })).stored).toBe(1);
    expect((await engine.recommend('newcomer', { count: 1 }))[0]!.itemId).toBe('a');
    await engine.close();
  });
});
