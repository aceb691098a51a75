/**
 * A source that throws during a request costs that request its part, not the request (see the
 * pipeline's gathering). The host still hears of it: the first failure of a source goes to
 * `onBackgroundError` at once, and later ones at most once a minute, so a source that is down
 * for a while does not flood the host's log with one line per request.
 */

/** Failures of one source are reported at most this often. */
const REPORT_EVERY_MS = 60_000;

export class SourceFaults {
  private readonly reported = new Map<string, number>();

  constructor(
    private readonly report: (error: unknown) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Notes that `source` threw `error` in a request. */
  failed(source: string, error: unknown): void {
    const at = this.now();
    const last = this.reported.get(source);
    if (last !== undefined && at - last < REPORT_EVERY_MS) return;
    this.reported.set(source, at);
    this.report(error);
  }
}
