import { metrics, trace, type Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/index.js';
import { CATALOG } from '../../fixtures/catalog.js';

/** A tracer provider that only records span names and attributes (a test stand-in for an SDK). */
function recordingTracer() {
  const spans: Array<{ name: string; attributes: Attributes; ended: boolean; error: boolean }> = [];
  const tracer = {
    startSpan: (name: string, options?: { attributes?: Attributes }) => makeSpan(name, options),
    startActiveSpan: (name: string, ...rest: unknown[]) => {
      const fn = rest.at(-1) as (span: unknown) => unknown;
      const options = (rest.length > 1 ? rest[0] : undefined) as { attributes?: Attributes } | undefined;
      return fn(makeSpan(name, options));
    },
  };
  function makeSpan(name: string, options?: { attributes?: Attributes }) {
    const record = { name, attributes: { ...(options?.attributes ?? {}) }, ended: false, error: false };
    spans.push(record);
    const span = {
      setAttribute: () => span,
      setAttributes: () => span,
      addEvent: () => span,
      recordException: () => (record.error = true),
      setStatus: () => span,
      end: () => (record.ended = true),
      isRecording: () => true,
      updateName: () => span,
      spanContext: () => ({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1 }),
    };
    return span;
  }
  return { provider: { getTracer: () => tracer }, spans };
}

/** A meter provider that records every measurement by instrument name. */
function recordingMeter() {
  const measured: Array<{ name: string; value: number; attributes: Attributes }> = [];
  const instrument = (name: string) => ({
    record: (value: number, attributes: Attributes = {}) => measured.push({ name, value, attributes }),
    add: (value: number, attributes: Attributes = {}) => measured.push({ name, value, attributes }),
  });
  const meter = { createHistogram: instrument, createCounter: instrument };
  return { provider: { getMeter: () => meter }, measured };
}

afterEach(() => {
  trace.disable();
  metrics.disable();
});

describe('observability', () => {
  it('traces verbs and store calls and measures sources, through whatever SDK the host registers', async () => {
    const engine = await createEngine({ cache: { enabled: false } });
    await engine.upsertContent(CATALOG);
    // Registered after the engine was made: instruments follow the provider of the moment.
    const t = recordingTracer();
    const m = recordingMeter();
    trace.setGlobalTracerProvider(t.provider as never);
    metrics.setGlobalMeterProvider(m.provider as never);
    await engine.track({ userId: 'u', contentId: 'heat', type: 'complete' });
    await engine.recommend('u', { count: 3 });
    await expect(engine.recommend('', { count: 3 })).rejects.toThrow();
    const names = t.spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['sona.track', 'sona.recommend', 'sona.store events.append', 'sona.store vectors.query']));
    expect(t.spans.every((s) => s.ended)).toBe(true);
    expect(t.spans.filter((s) => s.name === 'sona.recommend').some((s) => s.error)).toBe(true);
    const sources = m.measured.filter((x) => x.name === 'sona.source.duration').map((x) => x.attributes['sona.source']);
    expect(sources).toContain('content');
    expect(m.measured.find((x) => x.name === 'sona.events.stored')?.value).toBe(1);
    expect(m.measured.some((x) => x.name === 'sona.operation.duration' && x.attributes['sona.operation'] === 'recommend')).toBe(true);
    // No user ids in telemetry.
    expect(JSON.stringify(t.spans)).not.toContain('"u"');
  });

  it('counts every part a source loses, by cause, where the host hears one a minute', async () => {
    const m = recordingMeter();
    metrics.setGlobalMeterProvider(m.provider as never);
    const never = () => new Promise<never>(() => {});
    const failing = { name: 'failing', role: 'ambient' as const, defaultWeight: 0.5, candidates: () => Promise.reject(new Error('down')) };
    const hung = { name: 'hung', role: 'ambient' as const, defaultWeight: 0.5, candidates: never };
    const engine = await createEngine({ sources: [failing, hung], recommend: { sourceTimeoutMs: 20 }, cache: { enabled: false }, onBackgroundError: () => {} });
    await engine.upsertContent(CATALOG);
    for (let k = 0; k < 3; k++) await engine.recommend(`u${k}`, { count: 3 });
    const lost = m.measured.filter((x) => x.name === 'sona.source.failures').map((x) => `${x.attributes['sona.source']}:${x.attributes['sona.failure']}`);
    expect(lost.sort()).toEqual(['failing:error', 'failing:error', 'failing:error', 'hung:timeout', 'hung:timeout', 'hung:timeout']);
    await engine.close();
  });

  it('logs fits to a pino- or console-shaped logger, and a broken logger does not break the engine', async () => {
    const lines: Array<[string, unknown, string | undefined]> = [];
    const logger = {
      info: (obj: unknown, msg?: string) => lines.push(['info', obj, msg]),
      error: (obj: unknown, msg?: string) => lines.push(['error', obj, msg]),
    };
    const engine = await createEngine({ logger });
    await engine.upsertContent(CATALOG);
    await engine.fit();
    expect(lines.find(([level, obj]) => level === 'info' && (obj as { event?: string }).event === 'sona.fit')?.[2]).toMatch(
      /SONA fit: 0 events, tuning skipped/,
    );
    const broken = await createEngine({
      logger: {
        info: () => {
          throw new Error('log sink down');
        },
      },
    });
    await expect(broken.fit()).resolves.toBeTruthy();
  });
});
