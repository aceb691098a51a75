import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from '../../../src/core/types.js';
import { createEngine, type ViewingEvent } from '../../../src/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import { resolveTuning } from '../../../src/engine/config.js';
import { profileParams } from '../../../src/engine/profiles.js';
import { ARRIVAL_BELOW, chooseArrivalWeights, holdOutArrivals, isArrival } from '../../../src/engine/tuning/arrivals.js';
import { NO_DISCOUNT, type BlendData } from '../../../src/engine/tuning/evaluate.js';
import { carveHoldout } from '../../../src/engine/tuning/holdout.js';
import type { Runtime } from '../../../src/engine/runtime.js';
import { firstEventOf, userTuning } from '../../../src/engine/user-tuning.js';

const engagement = profileParams(resolveTuning(undefined));

/** `users` users, user u arriving at minute u with `length(u)` completed films, one a minute. */
function histories(users: number, length: (u: number) => number): Map<string, TrackedEvent[]> {
  const byUser = new Map<string, TrackedEvent[]>();
  for (let u = 0; u < users; u++) {
    const events: TrackedEvent[] = Array.from({ length: length(u) }, (_, k) => ({
      id: `e${u}-${k}`,
      userId: `u${u}`,
      contentId: `i${(u * 3 + k) % 40}`,
      type: 'complete',
      rewatch: false,
      timestamp: (u * 100 + k) * 60_000,
    }));
    byUser.set(`u${u}`, events);
  }
  return byUser;
}

describe('arrivals held out of the tuner', () => {
  const byUser = histories(300, (u) => 3 + (u % 5));
  const carved = carveHoldout(byUser, { mode: 'item', share: 0.25, seed: 42, maxUsers: 1000, engagement });
  const { holdout, arrivals } = holdOutArrivals(carved, byUser, engagement);

  it('takes the latest-arriving users, a tenth at most, out of training and validation alike', () => {
    expect(arrivals).toHaveLength(30);
    const gone = new Set(arrivals.map((a) => a.userId));
    expect(gone).toEqual(new Set(Array.from({ length: 30 }, (_, i) => `u${299 - i}`)));
    for (const u of gone) {
      expect(holdout.trainByUser.has(u)).toBe(false);
      expect(holdout.heldOut.has(u)).toBe(false);
    }
    expect(holdout.trainPositives.some((p) => gone.has(p.userId))).toBe(false);
    // Everyone else is untouched.
    expect(holdout.trainByUser.size).toBe(carved.trainByUser.size - 30);
    expect(holdout.trainByUser.get('u0')).toEqual(carved.trainByUser.get('u0'));
  });

  it('shows each their first 1, 2, 3 or 5 events in turn and judges on what they did after', () => {
    const shown = arrivals.map((a) => a.events.length);
    for (const n of [1, 2, 3]) expect(shown).toContain(n);
    for (const a of arrivals) {
      const all = byUser.get(a.userId)!;
      expect(a.id).not.toBe(a.userId);
      // Fewer where the user has too few: something must come after.
      expect(a.events.length).toBeLessThan(all.length);
      expect(a.events).toEqual(all.slice(0, a.events.length));
      const after = new Set(all.slice(a.events.length).map((e) => e.contentId));
      for (const e of a.events) after.delete(e.contentId);
      expect(a.relevant).toEqual(after);
    }
  });

  it('holds nobody out when there are too few users to spare one, or to choose weights on', () => {
    // A tenth of 9 users is nobody; of 240, 24 probes: one short of what weights are chosen on.
    for (const users of [9, 240]) {
      const few = histories(users, () => 4);
      const split = carveHoldout(few, { mode: 'item', share: 0.25, seed: 42, maxUsers: 1000, engagement });
      const out = holdOutArrivals(split, few, engagement);
      expect(out.arrivals).toEqual([]);
      expect(out.holdout).toBe(split);
    }
  });

  it('tells an arrival by a first event after the horizon and a history shorter than the bound', () => {
    // The horizon fit() sets: the latest event it saw.
    const horizon = Math.max(...[...byUser.values()].flat().map((e) => e.timestamp));
    expect(horizon).toBe((299 * 100 + 6) * 60_000);
    const bound = { horizon, below: ARRIVAL_BELOW };
    expect(isArrival(bound, 1, horizon + 1)).toBe(true);
    expect(isArrival(bound, ARRIVAL_BELOW - 1, horizon + 1)).toBe(true);
    expect(isArrival(bound, ARRIVAL_BELOW, horizon + 1)).toBe(false);
    expect(isArrival(bound, 1, horizon)).toBe(false);
    expect(isArrival(bound, 0, horizon + 1)).toBe(false);
    expect(isArrival(bound, 1, undefined)).toBe(false);
  });

  it('reads the first event only from a history that holds every event', () => {
    const events = byUser.get('u3')!;
    expect(firstEventOf([...events].reverse(), events.length)).toBe(events[0]!.timestamp);
    // A history cut at its limit may not hold the first event.
    expect(firstEventOf(events.slice(1), events.length)).toBeUndefined();
    expect(firstEventOf([], 0)).toBeUndefined();
  });
});

describe('the arrivals’ own fade-in and weights', () => {
  // 30 probes with two events: trending ranks the film they watch next first, the personal
  // source another; served (0.3 and 0.7, personal at full weight from 1 event), the personal one wins.
  const data: BlendData = {
    sources: [
      { name: 'trending', role: 'ambient' },
      { name: 'personal', role: 'personal' },
    ],
    users: Array.from({ length: 30 }, () => ({
      items: ['next', 'other'],
      scores: Float32Array.from([1, 0, 0, 1]),
      levels: new Float32Array(2),
      exposure: new Float32Array(2),
      relevant: new Set(['next']),
      applies: [
        { name: 'trending', role: 'ambient' as const },
        { name: 'personal', role: 'personal' as const },
      ],
      interactionCount: 2,
      newcomer: false,
    })),
  };
  const weights = { trending: 0.3, personal: 0.7 };
  const served = { weightsFor: () => weights, discount: NO_DISCOUNT, score: 0, coverage: 0 };
  const choose = (fades: number[]) =>
    chooseArrivalWeights(
      data,
      served,
      { sources: {}, positives: 0, metric: 'ndcg', k: 1 },
      { names: ['trending', 'personal'], fades, judge: { metric: 'ndcg', k: 1 }, deadline: 0, seed: 1 },
    );

  it('takes the shortest fade-in that ranks them best with the served weights (a personal source at 2 of 5 events weighs 0.28)', () => {
    const found = choose([1, 2, 5, 10, 20, 50]);
    expect(found.fadeTrials.map((t) => [t.settings.minInteractions, t.score])).toEqual([
      [1, 0],
      [2, 0],
      [5, 1],
      [10, 1],
      [20, 1],
      [50, 1],
    ]);
    expect(found.minInteractions).toBe(5);
    expect(found.weights).toBeDefined();
  });

  it('takes nothing that ranks the probes showing some number of events worse than served, whatever it gains on the others', () => {
    // 30 probes after one event watch what trending ranks first; 60 after five what the personal
    // source does. With the fade-in at 1 event no weighting serves both, and the served one
    // (trending ahead) serves the first.
    const probe = (interactionCount: number, next: string) => ({
      ...data.users[0]!,
      items: ['mine', 'pop'],
      scores: Float32Array.from([0, 1, 1, 0]),
      relevant: new Set([next]),
      interactionCount,
    });
    const mixed: BlendData = { ...data, users: [...Array.from({ length: 30 }, () => probe(1, 'pop')), ...Array.from({ length: 60 }, () => probe(5, 'mine'))] };
    const servedTrending = { ...served, weightsFor: () => ({ trending: 0.6, personal: 0.4 }) };
    const found = chooseArrivalWeights(
      mixed,
      servedTrending,
      { sources: {}, positives: 0, metric: 'ndcg', k: 1 },
      { names: ['trending', 'personal'], fades: [1], judge: { metric: 'ndcg', k: 1 }, deadline: 0, seed: 1 },
    );
    // The personal source ahead would score 60 of 90 against 30, and lose every one-event probe.
    expect(found.weights).toBeUndefined();
    expect(found.trials.map((t) => t.score)).toEqual([1 / 3, 1 / 3]);
  });

  it('serves an arrival with them, and a user the fit knew with the tuned ones; a host’s fade-in stands', () => {
    const horizon = 1_000;
    const rt = (pinned: string[]) =>
      ({
        pinned: new Set(pinned),
        tuning: resolveTuning(undefined),
        tuned: {
          sources: {},
          positives: 0,
          metric: 'ndcg',
          k: 10,
          minInteractions: 5,
          arrivals: { horizon, below: ARRIVAL_BELOW, weights: { trending: 1 }, minInteractions: 20 },
        },
      }) as unknown as Runtime;
    const history = (at: number): TrackedEvent[] => [{ id: 'e', userId: 'u', contentId: 'i', type: 'complete', rewatch: false, timestamp: at }];
    const arrived = userTuning(rt([]), [], 1, history(horizon + 1));
    expect([arrived.coldStart.minInteractions, arrived.blend.weights]).toEqual([20, { trending: 1 }]);
    expect(userTuning(rt([]), [], 1, history(horizon - 1)).coldStart.minInteractions).toBe(5);
    const pinned = userTuning(rt(['coldStart.minInteractions']), [], 1, history(horizon + 1)).coldStart.minInteractions;
    expect(pinned).toBe(resolveTuning(undefined).coldStart.minInteractions);
  });

  it('keeps the served fade-in when the host pinned it, and finds the weights alone', () => {
    const found = choose([1]);
    expect(found.minInteractions).toBe(1);
    expect(found.weights!.trending!).toBeGreaterThan(found.weights!.personal!);
  });
});

describe('fit() serves arrivals the weights chosen on held-out arrivals', () => {
  const T0 = Date.UTC(2024, 0, 1);
  const MINUTE = 60_000;
  const block = (b: number) => Array.from({ length: 12 }, (_, k) => `i${b * 12 + k}`);
  const HITS = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5'];
  /**
   * 240 early users who keep to a block of films; the later half of them also watch two of
   * this month's hits at the end. Then 60 arrivals, each with one film of a block and then
   * four hits: on this data a first event says little of what an arrival does next.
   */
  function data() {
    const items = [...Array.from({ length: 96 }, (_, i) => ({ id: `i${i}`, title: `Film ${i}` })), ...HITS.map((id) => ({ id, title: `Hit ${id}` }))];
    const events: ViewingEvent[] = [];
    for (let u = 0; u < 240; u++) {
      const own = block(u % 8);
      for (let k = 0; k < 7; k++)
        events.push({ userId: `u${u}`, contentId: own[(u * 5 + k * 7) % 12]!, type: 'complete', timestamp: T0 + (u * 7 + k) * MINUTE });
      if (u >= 120)
        for (let k = 0; k < 2; k++)
          events.push({ userId: `u${u}`, contentId: HITS[(u + k) % 6]!, type: 'complete', timestamp: T0 + (3000 + u * 3 + k) * MINUTE });
    }
    for (let a = 0; a < 60; a++) {
      const start = T0 + (2000 + a * 20) * MINUTE;
      events.push({ userId: `a${a}`, contentId: block(a % 8)[a % 12]!, type: 'complete', timestamp: start });
      for (let k = 0; k < 4; k++) events.push({ userId: `a${a}`, contentId: HITS[(a + k) % 6]!, type: 'complete', timestamp: start + (k + 1) * MINUTE });
    }
    return { items, events };
  }

  it('chooses them, serves them to a user whose first event comes after the fit, on every instance, and moves the horizon with each fit', async () => {
    const stores = createMemoryStores({ dimension: 512 });
    const { items, events } = data();
    const latest = Math.max(...events.map((e) => e.timestamp as number));
    let now = latest + 60 * MINUTE;
    const clock = () => now;
    const engine = await createEngine({ stores, clock, cache: { enabled: false }, builtinSources: ['trending', 'item-knn', 'ease'] });
    await engine.upsertContent(items);
    await engine.track(events);
    const report = await engine.fit({ tune: { budgetSeconds: 8 } });
    expect(report.tuning.validation!.arrivals).toBeGreaterThanOrEqual(25);
    const arrivals = report.tuning.chosen!.arrivals!;
    expect(arrivals.horizon).toBe(latest);
    const share = (w: Record<string, number>) => (w.trending ?? 0) / Object.values(w).reduce((a, b) => a + b, 0);
    const newUsers = report.tuning.chosen!.segments!.find((s) => s.name === 'new')!.weights;
    expect(share(arrivals.weights)).toBeGreaterThan(share(newUsers));
    // A newcomer after the fit, one film of a block in: the hits lead their list.
    await engine.track({ userId: 'newbie', contentId: 'i13', type: 'complete', timestamp: latest + 30 * MINUTE });
    const top = (await engine.recommend('newbie', { count: 5 })).map((r) => r.itemId);
    expect(top.filter((id) => HITS.includes(id)).length).toBeGreaterThanOrEqual(3);
    // Another instance over the same stores serves the snapshot's arrivals the same list.
    const other = await createEngine({ stores, clock, cache: { enabled: false }, builtinSources: ['trending', 'item-knn', 'ease'] });
    expect((await other.recommend('newbie', { count: 5 })).map((r) => r.itemId)).toEqual(top);
    // A later fit trains on the newbie: the horizon moves past their event, with tuning reused.
    now += 60 * MINUTE;
    const again = await engine.fit({ tune: false });
    expect(again.tuning.status).toBe('reused');
    expect(again.tuning.chosen!.arrivals!.horizon).toBe(latest + 30 * MINUTE);
    // An event stamped a day ahead of the clock does not move the horizon past now: a newcomer
    // who comes after this fit is still an arrival.
    await engine.track({ userId: 'u0', contentId: 'i5', type: 'complete', timestamp: now + 24 * 60 * MINUTE });
    const ahead = await engine.fit({ tune: false });
    expect(ahead.tuning.chosen!.arrivals!.horizon).toBe(now);
    now += 10 * MINUTE;
    await engine.track({ userId: 'later', contentId: 'i13', type: 'complete', timestamp: now });
    expect((await engine.recommend('later', { count: 5 })).filter((r) => HITS.includes(r.itemId)).length).toBeGreaterThanOrEqual(3);
    await other.close();
    await engine.close();
  }, 60_000);
});
