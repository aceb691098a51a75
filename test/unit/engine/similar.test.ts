import { describe, expect, it, vi } from 'vitest';
import { createEngine, type Source, type SonaEngine } from '../../../src/index.js';

const T0 = Date.UTC(2025, 0, 1);

/**
 * Two audiences over 60 films that look alike to content (one genre, numbered titles): users
 * 0–39 watch films 0–29, users 40–79 films 30–59. Film 60 has no viewers yet.
 */
async function twoAudiences(extra: { sources?: Source[]; onBackgroundError?: (e: unknown) => void } = {}): Promise<SonaEngine> {
  const engine = await createEngine({ clock: () => T0 + 30 * 86_400_000, cache: { enabled: false }, ...extra });
  await engine.upsertContent(Array.from({ length: 61 }, (_, i) => ({ id: `f${i}`, title: `Film ${i}`, genres: ['Drama'] })));
  const events = [];
  for (let u = 0; u < 80; u++) {
    const base = u < 40 ? 0 : 30;
    for (let k = 0; k < 8; k++)
      events.push({ userId: `u${u}`, contentId: `f${base + ((u * 7 + k * 11) % 30)}`, type: 'complete' as const, timestamp: T0 + u * 1000 + k });
  }
  await engine.track(events);
  await engine.fit({ tune: false });
  return engine;
}

const block = (id: string) => (Number(id.slice(1)) < 30 ? 'a' : 'b');

describe('similarItems', () => {
  it('judges by viewers where the models know the item: the films its own audience watches, best first', async () => {
    const engine = await twoAudiences();
    const similar = await engine.similarItems('f3', { count: 8 });
    expect(similar).toHaveLength(8);
    expect(similar.every((s) => s.by === 'viewers' && block(s.itemId) === 'a' && s.itemId !== 'f3')).toBe(true);
    expect(similar.every((s) => s.score > 0 && s.score <= 1)).toBe(true);
    expect(similar.map((s) => s.score)).toEqual([...similar.map((s) => s.score)].sort((x, y) => y - x));
    await engine.close();
  });

  it('falls back to content for a film nobody watched, and fills a short list with it', async () => {
    const engine = await twoAudiences();
    const fresh = await engine.similarItems('f60', { count: 3 });
    expect(fresh).toHaveLength(3);
    expect(fresh.every((s) => s.by === 'content')).toBe(true);
    // Every other film: the models know 59, content adds the one nobody watched.
    const all = await engine.similarItems('f3', { count: 60 });
    expect(all).toHaveLength(60);
    expect(all.slice(0, 59).every((s) => s.by === 'viewers')).toBe(true);
    expect(all.at(-1)).toMatchObject({ itemId: 'f60', by: 'content' });
    await engine.close();
  });

  it('leaves out the excluded items and the item itself', async () => {
    const engine = await twoAudiences();
    const first = await engine.similarItems('f3', { count: 4 });
    const next = await engine.similarItems('f3', { count: 4, exclude: first.map((s) => s.itemId) });
    expect(next.map((s) => s.itemId).some((id) => id === 'f3' || first.some((s) => s.itemId === id))).toBe(false);
    await engine.close();
  });

  it('leaves out a source whose neighbours throw, and the host hears', async () => {
    const onBackgroundError = vi.fn();
    const shaky: Source = {
      name: 'shaky',
      role: 'personal',
      defaultWeight: 0.3,
      candidates: async () => [],
      similar: () => {
        throw new Error('neighbours unavailable');
      },
    };
    const engine = await twoAudiences({ sources: [shaky], onBackgroundError });
    const similar = await engine.similarItems('f3', { count: 5 });
    expect(similar.every((s) => s.by === 'viewers' && block(s.itemId) === 'a')).toBe(true);
    expect((onBackgroundError.mock.calls[0]![0] as Error).message).toBe('neighbours unavailable');
    await engine.close();
  });
});
