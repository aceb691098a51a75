import { describe, expect, it } from 'vitest';
import { createEngine, type Candidate, type Source, type SourceRequest } from '../../../src/index.js';
import type { SourceContext, TrainingData } from '../../../src/sources/source.js';
import { T0, tasteBlocks } from '../../fixtures/taste-blocks.js';

/** What one instance of the recording source was trained on and asked about. */
interface Instance {
  trained: Set<string>;
  settings: Array<number | undefined>;
  asked: Set<string>;
}

/** A trainable host source (made fresh for every shadow) that records each instance's training pairs and the users it ranked for. */
function recording(instances: Instance[], fitMs = 0): (context: SourceContext) => Source {
  return () => {
    const me: Instance = { trained: new Set(), settings: [], asked: new Set() };
    instances.push(me);
    let depth = 3;
    return {
      name: 'recording',
      role: 'personal',
      defaultWeight: 0.5,
      tunables: [{ key: 'depth', min: 1, max: 10, scale: 'linear', integer: true }],
      get settings() {
        return { depth };
      },
      async fit(data: TrainingData, _run, settings) {
        if (settings?.depth !== undefined) depth = settings.depth;
        me.settings.push(settings?.depth);
        if (fitMs > 0) await new Promise((resolve) => setTimeout(resolve, fitMs));
        me.trained = new Set();
        const { users, items, userItems } = data.matrix;
        for (let u = 0; u < users.size; u++) {
          for (let p = userItems.indptr[u]!; p < userItems.indptr[u + 1]!; p++) me.trained.add(`${users.idAt(u)} ${items.idAt(userItems.indices[p]!)}`);
        }
      },
      async candidates(request: SourceRequest): Promise<Candidate[]> {
        if (!request.userId.includes('\u0000')) me.asked.add(request.userId);
        return [];
      },
    };
  };
}

describe('cross-fitted validation', () => {
  it('judges each validation user on a shadow that never saw their held-out items, trained on the other fold’s', async () => {
    const instances: Instance[] = [];
    const { items, events } = tasteBlocks();
    const engine = await createEngine({ clock: () => T0 + 30 * 86_400_000, builtinSources: ['trending'], sources: [recording(instances)] });
    await engine.upsertContent(items);
    await engine.track(events);
    const report = await engine.fit({ tune: { budgetSeconds: 5 } });
    expect(report.tuning.validation!.folds).toBe(2);
    // The live source, the first fold's shadow (the search) and the second fold's.
    const [, first, second] = instances;
    expect(instances).toHaveLength(3);
    // The second fold is trained once, at the settings the search chose.
    expect(second!.settings).toEqual([report.tuning.chosen!.sources.recording!.depth]);
    const pairsOf = (userId: string) => new Set(events.filter((e) => e.userId === userId).map((e) => `${userId} ${e.contentId}`));
    const judgedBy = [first!.asked, second!.asked];
    expect(judgedBy[0]!.size).toBeGreaterThan(0);
    expect(judgedBy[1]!.size).toBeGreaterThan(0);
    for (const [f, judged] of judgedBy.entries()) {
      const own = [first!, second!][f]!;
      const other = [first!, second!][1 - f]!;
      for (const userId of judged) {
        // Judged in one fold only; held-out items missing from the own fold's shadow, back in the other's.
        expect(judgedBy[1 - f]!.has(userId)).toBe(false);
        const all = pairsOf(userId);
        const seen = [...all].filter((p) => own.trained.has(p));
        expect(seen.length).toBeLessThan(all.size);
        for (const p of all) expect(other.trained.has(p)).toBe(true);
      }
    }
    await engine.close();
  }, 60_000);

  it('keeps one split when a fold would judge fewer than 30 users: on small data every judged user counts more', async () => {
    const instances: Instance[] = [];
    const { items, events } = tasteBlocks();
    const engine = await createEngine({ clock: () => T0 + 30 * 86_400_000, builtinSources: ['trending'], sources: [recording(instances)] });
    await engine.upsertContent(items);
    // 50 users, 350 positives: enough to tune, about 25 validation users a fold.
    await engine.track(events.filter((e) => Number(e.userId.slice(1)) < 50));
    const report = await engine.fit({ tune: { budgetSeconds: 5 } });
    expect(report.tuning.status).toBe('tuned');
    expect(report.tuning.validation!.folds).toBe(1);
    expect(instances).toHaveLength(2);
    await engine.close();
  }, 60_000);

  it('leaves the blend to the first fold when the budget has no time left to train the second', async () => {
    const instances: Instance[] = [];
    const { items, events } = tasteBlocks();
    const engine = await createEngine({ clock: () => T0 + 30 * 86_400_000, builtinSources: ['trending'], sources: [recording(instances, 300)] });
    await engine.upsertContent(items);
    await engine.track(events);
    // The first trial alone (300 ms) overruns a 0.3 s budget: the second fold is not trained.
    const report = await engine.fit({ tune: { budgetSeconds: 0.3 } });
    expect(report.tuning.status).toBe('tuned');
    expect(report.tuning.validation!.folds).toBe(1);
    expect(instances).toHaveLength(2);
    // The blend was judged on the first fold's users, on the shadow that never saw their held-out items.
    expect(instances[1]!.asked.size).toBeGreaterThan(0);
    expect(report.tuning.validation!.blendUsers).toBeLessThanOrEqual(instances[1]!.asked.size);
    await engine.close();
  }, 60_000);
});
