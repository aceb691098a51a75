/**
 * Observability in the ecosystem's own terms: spans and metrics through `@opentelemetry/api`,
 * which do nothing until the host registers an OpenTelemetry SDK, and a `logger` with the shape
 * pino and `console` share, for what happens in the background.
 */
import { metrics, SpanStatusCode, trace, type Attributes, type Counter, type Histogram, type Span } from '@opentelemetry/api';

const SCOPE = '@media-gateway/sona';
// The trace API hands out a proxy that follows whatever provider the host registers later.
const tracer = trace.getTracer(SCOPE);

/** The engine's instruments (no-ops without a registered SDK). */
export interface Instruments {
  /** Milliseconds per public verb (`sona.operation`: recommend, track, fit, ...). */
  operation: Histogram;
  /** Milliseconds per recommendation source and request (`sona.source`). */
  source: Histogram;
  /** Milliseconds per store call (`sona.store`, `sona.method`). */
  store: Histogram;
  /** Events stored by `track`. */
  events: Counter;
  /** Recommendation responses, by cache outcome (`sona.cache`: hit, miss, off). */
  responses: Counter;
  /**
   * A source's part lost in a request (`sona.source`, and `sona.failure`: `error` or `timeout`),
   * every time: `onBackgroundError` hears a failing source at most once a minute.
   */
  sourceFailures: Counter;
}

// The metrics API has no such proxy: instruments are made per meter provider, so a provider
// registered after this module loaded is still the one that receives them.
const byProvider = new WeakMap<object, Instruments>();

/** The instruments of the meter provider registered now. */
export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let made = byProvider.get(provider);
  if (!made) {
    const meter = provider.getMeter(SCOPE);
    made = {
      operation: meter.createHistogram('sona.operation.duration', { unit: 'ms', description: 'Duration of SONA engine operations' }),
      source: meter.createHistogram('sona.source.duration', { unit: 'ms', description: 'Time each recommendation source took per request' }),
      store: meter.createHistogram('sona.store.duration', { unit: 'ms', description: 'Duration of store calls' }),
      events: meter.createCounter('sona.events.stored', { description: 'Viewing events stored' }),
      responses: meter.createCounter('sona.recommendations', { description: 'Recommendation responses served' }),
      sourceFailures: meter.createCounter('sona.source.failures', { description: "Recommendation sources' parts lost to an error or a time-out" }),
    };
    byProvider.set(provider, made);
  }
  return made;
}

/**
 * Runs `work` in an active span named `name`, recording its duration in `sona.operation.duration`
 * (for engine verbs) and any exception on the span.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  histogram: keyof Instruments = 'operation',
): Promise<T> {
  const started = performance.now();
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      (instruments()[histogram] as Histogram).record(performance.now() - started, attributes);
      span.end();
    }
  });
}

/** What the engine logs to: pino, bunyan, winston and `console` all have this shape. */
export interface Logger {
  debug?(obj: unknown, msg?: string): void;
  info?(obj: unknown, msg?: string): void;
  warn?(obj: unknown, msg?: string): void;
  error?(obj: unknown, msg?: string): void;
}

/** Logs `fields` and `message` at `level` when the logger has that level; never throws. */
export function log(logger: Logger | undefined, level: keyof Logger, fields: Record<string, unknown>, message: string): void {
  try {
    logger?.[level]?.(fields, message);
  } catch {
    // A failing logger must not take the engine down.
  }
}
