/**
 * Every error SONA throws on purpose is a {@link SonaError}. Catch that one class, then branch on
 * the stable {@link SonaError.code}; messages may be reworded between versions, codes may not.
 * Messages name the offending field and never echo secrets or whole payloads.
 *
 * @packageDocumentation
 */

/** Stable machine-readable error codes. docs/errors.md explains each one and its fix. */
export type SonaErrorCode =
  | 'SONA_VALIDATION'
  | 'SONA_NOT_FOUND'
  | 'SONA_DIMENSION_MISMATCH'
  | 'SONA_STORE'
  | 'SONA_CONFIGURATION'
  | 'SONA_ABORTED'
  | 'SONA_CLOSED'
  | 'SONA_MODEL'
  | 'SONA_TIMEOUT';

/** Options accepted by every {@link SonaError} constructor. */
export interface SonaErrorOptions {
  /** The underlying error, kept for debugging (standard `Error.cause`). */
  cause?: unknown;
}

/** Base class of every error SONA throws on purpose. */
export class SonaError extends Error {
  /** Stable code: branch on this, not on the message. */
  readonly code: SonaErrorCode;

  constructor(code: SonaErrorCode, message: string, options: SonaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** An input failed validation. `field` is the dotted path of the offending field. */
export class ValidationError extends SonaError {
  /** Dotted path of the offending input field, e.g. `events[3].completion`. */
  readonly field: string;

  constructor(field: string, message: string, options: SonaErrorOptions = {}) {
    super('SONA_VALIDATION', `${field}: ${message}`, options);
    this.field = field;
  }
}

/** A referenced user, item, experiment or model does not exist. */
export class NotFoundError extends SonaError {
  /** What kind of thing was looked up, e.g. `content`, `user`. */
  readonly resource: string;
  /** The id that was not found. */
  readonly id: string;

  constructor(resource: string, id: string, options: SonaErrorOptions = {}) {
    super('SONA_NOT_FOUND', `${resource} not found: ${JSON.stringify(truncate(id))}`, options);
    this.resource = resource;
    this.id = id;
  }
}

/** A vector's length differs from the dimension a store or model was set up with. */
export class DimensionMismatchError extends SonaError {
  readonly expected: number;
  readonly actual: number;

  constructor(what: string, expected: number, actual: number, options: SonaErrorOptions = {}) {
    super('SONA_DIMENSION_MISMATCH', `${what}: expected dimension ${expected}, got ${actual}`, options);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A storage backend failed (connection lost, constraint violated, corrupt record). */
export class StoreError extends SonaError {
  constructor(message: string, options: SonaErrorOptions = {}) {
    super('SONA_STORE', message, options);
  }
}

/** An option is invalid or contradicts another. `option` is its dotted name. */
export class ConfigurationError extends SonaError {
  readonly option: string;

  constructor(option: string, message: string, options: SonaErrorOptions = {}) {
    super('SONA_CONFIGURATION', `${option}: ${message}`, options);
    this.option = option;
  }
}

/**
 * A model could not be used: its file is missing or corrupt, or it does not fit its tokenizer
 * (vocabulary) or the stores (dimension). `path` names the file concerned, when there is one.
 */
export class ModelError extends SonaError {
  readonly path: string | undefined;

  constructor(message: string, options: SonaErrorOptions & { path?: string } = {}) {
    super('SONA_MODEL', message, options);
    this.path = options.path;
  }
}

/** Long work (fit, embedding) was cancelled through its `AbortSignal`. */
export class AbortedError extends SonaError {
  constructor(what: string, options: SonaErrorOptions = {}) {
    super('SONA_ABORTED', `${what} was aborted`, options);
  }
}

/** The engine or store was used after `close()`. */
export class ClosedError extends SonaError {
  constructor(what: string) {
    super('SONA_CLOSED', `${what} is closed`);
  }
}

/**
 * A recommendation source did not answer within `recommend.sourceTimeoutMs`: the request went on
 * without its part (the host hears of it through `onBackgroundError`). `source` names it.
 */
export class TimeoutError extends SonaError {
  readonly source: string;
  readonly milliseconds: number;

  constructor(source: string, what: string, milliseconds: number, options: SonaErrorOptions = {}) {
    super('SONA_TIMEOUT', `source ${JSON.stringify(truncate(source))}: ${what} did not answer within ${milliseconds} ms`, options);
    this.source = source;
    this.milliseconds = milliseconds;
  }
}

/** Throws {@link AbortedError} when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(what, { cause: signal.reason });
}

/**
 * `work`, or an {@link AbortedError} as soon as `signal` fires: long work waits on calls it
 * cannot stop (a host source's `fit`), and an abort must not wait for them. The call goes on; its
 * outcome is dropped.
 */
export function untilAborted<T>(work: T | PromiseLike<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  const running = Promise.resolve(work);
  if (!signal) return running;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      // Nobody waits for the call any more: its own failure must not surface as unhandled.
      running.catch(() => undefined);
      reject(new AbortedError(what, { cause: signal.reason }));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function truncate(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
