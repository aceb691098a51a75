import { describe, expect, it } from 'vitest';
import { ValidationError, createEngine, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { CATALOG } from '../../fixtures/catalog.js';

const T0 = Date.UTC(2025, 0, 1);
const crime = ['heat', 'ronin', 'casino', 'collateral', 'goodfellas'];

function history(userId: string, n: number): ViewingEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    userId,
    contentId: i % 3 === 2 ? 'nemo' : crime[i % crime.length]!,
    type: i % 3 === 2 ? ('dismiss' as const) : ('complete' as const),
    timestamp: T0 - (n - i) * 60_000,
  }));
}

describe('engine LoRA adapters', () => {
  it('trains a versioned adapter from the user’s events and refuses users with too few', async () => {
    const engine = await createEngine({ clock: () => T0 });
    await engine.upsertContent(CATALOG);
    await engine.track(history('few', 4));
    await expect(engine.trainAdapter('few')).rejects.toBeInstanceOf(ValidationError);
    await engine.track(history('fan', 12));
    const first = await engine.trainAdapter('fan');
    expect(first).toMatchObject({ userId: 'fan', version: 1, events: 12 });
    expect(first.positives).toBeGreaterThan(0);
    expect(first.negatives).toBeGreaterThan(0);
    expect(Number.isFinite(first.trainLoss)).toBe(true);
    const second = await engine.trainAdapter('fan');
    expect(second.version).toBe(2);
    expect((await engine.stores.adapters.list('fan')).map((a) => a.version)).toEqual([2, 1]);
    await engine.forgetUser('fan');
    expect(await engine.stores.adapters.list('fan')).toEqual([]);
    await engine.close();
  });

  it('when enabled, retrains in the background on cadence and shows the adapter among the sources', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const engine = await createEngine({ stores, clock: () => T0, adapters: { enabled: true, minEvents: 10, retrainEvery: 5 } });
    await engine.upsertContent(CATALOG);
    await engine.track(history('fan', 9));
    await engine.close(); // waits for background work
    expect(await stores.adapters.latest('fan', 'default')).toBeUndefined();
    const again = await createEngine({ stores, clock: () => T0, adapters: { enabled: true, minEvents: 10, retrainEvery: 5 } });
    await again.track(
      history('fan', 10)
        .slice(9)
        .map((e) => ({ ...e, timestamp: T0 - 1 })),
    );
    await again.close();
    expect((await stores.adapters.latest('fan', 'default'))?.version).toBe(1);
    const third = await createEngine({ stores, clock: () => T0, adapters: { enabled: true, minEvents: 10, retrainEvery: 5 } });
    const recs = await third.recommend('fan', { count: 3 });
    expect(recs.length).toBe(3);
    expect(recs.every((r) => r.sources.some((s) => s.source === 'lora'))).toBe(true);
    const shares = recs[0]!.sources.reduce((s, x) => s + x.share, 0);
    expect(shares).toBeCloseTo(1, 6);
    await third.close();
  });

  it('a corrupt stored adapter is reported and ignored, never scored', async () => {
    const errors: unknown[] = [];
    const stores = createMemoryStores({ dimension: 512 });
    const engine = await createEngine({ stores, clock: () => T0, adapters: { enabled: true }, onBackgroundError: (e) => errors.push(e) });
    await engine.upsertContent(CATALOG);
    await engine.track(history('fan', 6));
    await stores.adapters.save('fan', 'default', new Uint8Array([1, 2, 3, 4]), 1);
    const recs = await engine.recommend('fan', { count: 3 });
    expect(recs.length).toBe(3);
    expect(recs.every((r) => r.sources.every((s) => s.source !== 'lora'))).toBe(true);
    expect(errors.length).toBe(1);
    expect((errors[0] as Error).name).toBe('StoreError');
    await engine.close();
  });
});
