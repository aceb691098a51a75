/**
 * How a request calls its sources: a throw, or no answer within the time limit, costs the
 * request that source's part, not the request (the guard's `onFailure` hears why).
 */
import { TimeoutError } from '../../core/errors.js';
import type { SourceName } from '../../core/types.js';

/** Told when a source throws or times out. */
export type SourceFailure = (source: SourceName, error: unknown) => void;

/**
 * Failures are passed to `onFailure` and the source's part is dropped; without a guard a throw
 * goes up (the tuner wants to know). `timeoutMs`: how long one call may take (none when absent).
 */
export interface SourceGuard {
  onFailure: SourceFailure;
  timeoutMs?: number;
}

const EXPIRED: unique symbol = Symbol('expired');

/**
 * One timer for the sources a request calls at once (they start together): a timer per call
 * cost a request with lists kept a fifth of its time. `end()` when the calls have settled.
 */
export class TimeLimit {
  readonly expired: Promise<typeof EXPIRED>;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly milliseconds: number) {
    this.expired = new Promise((resolve) => {
      this.timer = setTimeout(() => resolve(EXPIRED), milliseconds);
      // A request's timer never holds the host's process open.
      this.timer.unref?.();
    });
  }

  /** For the calls of one phase of a request under `guard` (none when it sets no limit). */
  static of(guard: SourceGuard | undefined): TimeLimit | undefined {
    return guard?.timeoutMs === undefined ? undefined : new TimeLimit(guard.timeoutMs);
  }

  end(): void {
    clearTimeout(this.timer);
  }
}

/**
 * `work` (a call to `source`'s `what`), or `fallback` when it throws or `limit` expires first;
 * `onFailed` runs first then. The call cannot be stopped: a late answer is dropped.
 */
export async function guardedCall<T>(
  guard: SourceGuard | undefined,
  limit: TimeLimit | undefined,
  call: { source: SourceName; what: string },
  work: () => Promise<T>,
  fallback: T,
  onFailed?: () => void,
): Promise<T> {
  if (!guard) return work();
  try {
    const running = work();
    const outcome = limit ? await Promise.race([running, limit.expired]) : await running;
    if (outcome === EXPIRED) throw new TimeoutError(call.source, call.what, limit!.milliseconds);
    return outcome as T;
  } catch (error) {
    onFailed?.();
    guard.onFailure(call.source, error);
    return fallback;
  }
}
