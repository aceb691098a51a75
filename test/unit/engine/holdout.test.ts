import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from '../../../src/core/types.js';
import { resolveTuning } from '../../../src/engine/config.js';
import { profileParams } from '../../../src/engine/profiles.js';
import { carveHoldout, crossFold, type HoldoutOptions } from '../../../src/engine/tuning/holdout.js';

const engagement = profileParams(resolveTuning(undefined));
const T0 = Date.UTC(2025, 0, 1);

function byUser(pairs: ReadonlyArray<readonly [number, number]>): Map<string, TrackedEvent[]> {
  const out = new Map<string, TrackedEvent[]>();
  pairs.forEach(([u, i], k) => {
    const userId = `u${u}`;
    if (!out.has(userId)) out.set(userId, []);
    out.get(userId)!.push({ id: `e${k}`, userId, contentId: `i${i}`, type: 'complete', rewatch: false, timestamp: T0 + k * 1000 });
  });
  return out;
}

const options = (mode: HoldoutOptions['mode'], maxUsers = 1000): HoldoutOptions => ({ mode, share: 0.2, seed: 7, maxUsers, engagement });

describe('the validation holdout', () => {
  it('by item: an item with few viewers lends one of them, a popular one about a fifth', () => {
    // 40 users watched the blockbuster; two watched the rare film (and each something else).
    const pairs: Array<[number, number]> = [];
    for (let u = 0; u < 40; u++) pairs.push([u, 0], [u, 100 + u]);
    pairs.push([0, 1], [1, 1]);
    const h = carveHoldout(byUser(pairs), options('item'));
    const lent = (item: string) => [...h.heldOut.values()].filter((s) => s.has(item)).length;
    expect(lent('i1')).toBe(1);
    expect(lent('i0')).toBe(8);
    // Items only one user watched stay in training: nothing else could teach them.
    expect(lent('i100')).toBe(0);
  });

  it('keeps its invariants in every mode: a user keeps a positive, held-out pairs leave training, items still trained', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 300 }),
        fc.constantFrom<HoldoutOptions['mode']>('item', 'random', 'time'),
        fc.integer({ min: 1, max: 40 }),
        (pairs, mode, maxUsers) => {
          const data = byUser(pairs);
          const h = carveHoldout(data, options(mode, maxUsers));
          expect(h.heldOut.size).toBeLessThanOrEqual(maxUsers);
          const trained = new Set(h.trainPositives.map((p) => `${p.userId} ${p.itemId}`));
          const trainedItems = new Set(h.trainPositives.map((p) => p.itemId));
          for (const [userId, items] of h.heldOut) {
            expect(items.size).toBeGreaterThan(0);
            expect(h.trainPositives.some((p) => p.userId === userId)).toBe(true);
            for (const item of items) {
              expect(trained.has(`${userId} ${item}`)).toBe(false);
              expect(h.trainByUser.get(userId)!.some((e) => e.contentId === item)).toBe(false);
              if (mode === 'item') expect(trainedItems.has(item)).toBe(true);
            }
          }
          // Deterministic for a seed.
          expect(carveHoldout(data, options(mode, maxUsers)).heldOut).toEqual(h.heldOut);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('deals the validation users into two cross-fitted folds: each judges its own, and trains on the other’s held-out items', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 300 }),
        fc.constantFrom<HoldoutOptions['mode']>('item', 'random', 'time'),
        (pairs, mode) => {
          const data = byUser(pairs);
          const h = carveHoldout(data, options(mode));
          const folds = [crossFold(h, data, 0, 7), crossFold(h, data, 1, 7)];
          // Every validation user is judged in exactly one fold, on the same items.
          expect(folds[0]!.heldOut.size + folds[1]!.heldOut.size).toBe(h.heldOut.size);
          for (const [userId, items] of h.heldOut) expect(folds.filter((f) => f.heldOut.get(userId) === items)).toHaveLength(1);
          for (const fold of folds) {
            const trained = new Set(fold.trainPositives.map((p) => `${p.userId} ${p.itemId}`));
            for (const [userId, events] of data) {
              const judged = fold.heldOut.get(userId);
              const lent = h.heldOut.get(userId);
              if (judged) {
                // A judged user's held-out items stay out of the fold's training side.
                for (const item of judged) expect(trained.has(`${userId} ${item}`)).toBe(false);
                expect(fold.trainByUser.get(userId)).toEqual(h.trainByUser.get(userId));
              } else {
                // Everyone else trains on all their events: the other fold's users get theirs back.
                expect(fold.trainByUser.get(userId)).toEqual(events);
                for (const item of lent ?? []) expect(trained.has(`${userId} ${item}`)).toBe(true);
              }
            }
            expect(fold.trainPositives.length).toBe(
              h.trainPositives.length + [...h.heldOut].filter(([u]) => !fold.heldOut.has(u)).reduce((n, [, s]) => n + s.size, 0),
            );
          }
        },
      ),
    );
  });
});
