/**
 * Compass search (Kolda, Lewis & Torczon, "Optimization by Direct Search", SIAM Review 2003)
 * over a source's tunable settings: from the current point, try one step up and one step down
 * along each setting (log-scaled where the setting spans magnitudes); move to the best
 * improvement, or halve the steps when none improves. It needs no gradient and few trials, and
 * each trial is a full fit, so it is polled one trial at a time within the tuner's budget.
 */
import type { Tunable } from '../../sources/source.js';

/** Settings by key. */
export type Settings = Record<string, number>;

/** One evaluated point. */
export interface Trial {
  settings: Settings;
  score: number;
  seconds: number;
}

/**
 * Of `candidates` whose score reaches `bar`, the one `measure` rates highest (by more than
 * `tolerance`); ties go to the earliest, and `measure` runs only on those that reach the bar.
 * The tuner's every trade of accuracy for another aim (reach, variety) chooses with this.
 */
export function bestAbove<T extends { score: number }>(candidates: Iterable<T>, bar: number, measure: (candidate: T) => number, tolerance = 0): T | undefined {
  let chosen: T | undefined;
  let top = -Infinity;
  for (const c of candidates) {
    if (!(c.score >= bar)) continue;
    const m = measure(c);
    if (chosen === undefined || m > top + tolerance) {
      chosen = c;
      top = m;
    }
  }
  return chosen;
}

/** The values of a setting to try: the configured one first, then `grid` (only the configured one when pinned). */
export function valuesToTry(configured: number, pinned: boolean, grid: readonly number[]): number[] {
  return pinned ? [configured] : [configured, ...grid.filter((v) => v !== configured)];
}

export class CompassSearch {
  private best: Trial | undefined;
  private readonly steps: number[];
  private readonly minSteps: number[];
  private pending: Settings[] = [];
  private polled: Trial[] = [];
  private readonly seen = new Set<string>();
  readonly trials: Trial[] = [];

  /**
   * @param start Where the search begins.
   * @param presets Further points tried before any search step; the search moves from the best.
   */
  constructor(
    private readonly tunables: readonly Tunable[],
    start: Settings,
    presets: readonly Settings[] = [],
  ) {
    this.steps = tunables.map((t) => (t.scale === 'log' ? Math.log(3) : (t.max - t.min) / 4));
    this.minSteps = tunables.map((t) => (t.scale === 'log' ? Math.log(1.3) : (t.max - t.min) / 40));
    const points = [start, ...presets.map((p) => ({ ...start, ...p }))].map((p) => this.clamp(p));
    this.pending = points.filter((p, i) => points.findIndex((q) => key(q) === key(p)) === i);
    this.initial = this.pending.length;
  }

  /** How many starting points (the start and the presets) precede the search steps. */
  private readonly initial: number;

  /** The best trial so far. */
  get incumbent(): Trial | undefined {
    let best: Trial | undefined;
    for (const t of this.trials) if (!best || t.score > best.score) best = t;
    return best;
  }

  /** Seconds spent on trials so far. */
  get seconds(): number {
    return this.trials.reduce((s, t) => s + t.seconds, 0);
  }

  /** The next settings to try, or undefined when the search has converged. */
  next(): Settings | undefined {
    while (this.pending.length === 0) {
      if (!this.best) return undefined;
      if (this.polled.length > 0) {
        const improved = this.polled.filter((t) => t.score > this.best!.score + 1e-9).sort((a, b) => b.score - a.score)[0];
        this.polled = [];
        if (improved) this.best = improved;
        else if (!this.shrink()) return undefined;
      }
      this.pending = this.neighbours(this.best.settings).filter((s) => !this.seen.has(key(s)));
      if (this.pending.length === 0 && !this.shrink()) return undefined;
    }
    const next = this.pending.shift()!;
    this.seen.add(key(next));
    return next;
  }

  /** Records the score of the settings `next()` gave last. */
  report(trial: Trial): void {
    this.trials.push(trial);
    // The starting points compete for the centre of the first poll.
    if (this.trials.length <= this.initial) {
      if (!this.best || trial.score > this.best.score) this.best = trial;
    } else this.polled.push(trial);
  }

  private shrink(): boolean {
    let any = false;
    this.steps.forEach((s, d) => {
      if (s / 2 >= this.minSteps[d]!) {
        this.steps[d] = s / 2;
        any = true;
      }
    });
    return any;
  }

  private neighbours(at: Settings): Settings[] {
    const out: Settings[] = [];
    this.tunables.forEach((t, d) => {
      for (const sign of [1, -1]) {
        const v = at[t.key]!;
        const moved = t.scale === 'log' ? Math.exp(Math.log(v) + sign * this.steps[d]!) : v + sign * this.steps[d]!;
        const s = this.clamp({ ...at, [t.key]: moved });
        if (s[t.key] !== v) out.push(s);
      }
    });
    return out;
  }

  private clamp(s: Settings): Settings {
    const out = { ...s };
    for (const t of this.tunables) {
      let v = Math.min(t.max, Math.max(t.min, out[t.key] ?? t.min));
      if (t.integer) v = Math.round(v);
      out[t.key] = Number(v.toPrecision(6));
    }
    return out;
  }
}

function key(s: Settings): string {
  return JSON.stringify(Object.entries(s).sort());
}
