import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, MIN_TIME_MS, toEpochMs } from '../../../src/core/time.js';
import { createEngine, ValidationError } from '../../../src/index.js';

describe('toEpochMs', () => {
  it('reads ISO-8601 dates and date-times, with a zone, a fraction or a space for the T', () => {
    expect(toEpochMs('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
    expect(toEpochMs('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(toEpochMs('2020-01-01T10:00:00+02:00')).toBe(Date.UTC(2020, 0, 1, 8));
    expect(toEpochMs('2020-01-01T10:00:00.123Z')).toBe(Date.UTC(2020, 0, 1, 10, 0, 0, 123));
    expect(toEpochMs(' 2020-12-31T23:59:59.999Z ')).toBe(Date.UTC(2020, 11, 31, 23, 59, 59, 999));
    expect(toEpochMs('2020-01-01 10:00Z')).toBe(Date.UTC(2020, 0, 1, 10));
  });

  it('refuses what Date.parse would guess at: other formats, days a month does not have, hours past 23', () => {
    // Date.parse reads "hello 2" as 2001, "1" as 2001 and 30 February as 1 March.
    for (const text of ['1', 'hello 2', 'March 7, 2020', 'Mon, 01 Jan 2020 00:00:00 GMT', '2020-1-1', '', ' ']) expect(toEpochMs(text)).toBeUndefined();
    for (const text of ['2020-02-30', '2021-02-29', '1900-02-29', '2020-04-31', '2020-13-01', '2020-00-10', '2020-01-01T24:00:00Z', '2020-01-01T10:60Z'])
      expect(toEpochMs(text)).toBeUndefined();
  });

  it('reads back every instant it accepts, written as ISO-8601 by Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TIME_MS, max: MAX_TIME_MS }), (ms) => {
        expect(toEpochMs(new Date(ms).toISOString())).toBe(ms);
      }),
    );
    expect(toEpochMs(MIN_TIME_MS - 1)).toBeUndefined();
  });

  it('names the field when track is given a timestamp it would have had to guess', async () => {
    const engine = await createEngine();
    await engine.upsertContent({ id: 'a', title: 'A' });
    const refused = await engine.track({ userId: 'u', contentId: 'a', type: 'complete', timestamp: 'hello 2' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).field).toBe('event.timestamp');
    await engine.close();
  });
});
