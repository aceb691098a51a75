import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { validateContentItem, validateContext, validateEvent } from '../../../src/core/validate.js';

const scale = { min: 1, max: 5 };
const NOW = Date.UTC(2024, 0, 1);

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).field;
  }
  throw new Error('expected a ValidationError');
}

describe('validateEvent', () => {
  const base = { userId: 'u1', contentId: 'heat', type: 'view' };

  it('normalises a valid event', () => {
    const e = validateEvent({ ...base, type: 'complete', timestamp: '2024-01-01T10:00:00Z' }, 'event', scale, NOW);
    expect(e).toMatchObject({ userId: 'u1', contentId: 'heat', type: 'complete', completion: 1, rewatch: false, timestamp: Date.UTC(2024, 0, 1, 10) });
    expect(e.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('derives the same idempotency key for the same event', () => {
    const a = validateEvent({ ...base, timestamp: 5 }, 'e', scale, NOW);
    const b = validateEvent({ ...base, timestamp: new Date(5) }, 'e', scale, NOW + 1);
    expect(a.id).toBe(b.id);
    expect(validateEvent({ ...base, timestamp: 6 }, 'e', scale, NOW).id).not.toBe(a.id);
  });

  it('names the offending field', () => {
    expect(fieldOf(() => validateEvent({ ...base, completion: 5 }, 'events[3]', scale, NOW))).toBe('events[3].completion');
    expect(fieldOf(() => validateEvent({ ...base, rating: Number.NaN }, 'e', scale, NOW))).toBe('e.rating');
    expect(fieldOf(() => validateEvent({ ...base, rating: 6 }, 'e', scale, NOW))).toBe('e.rating');
    expect(fieldOf(() => validateEvent({ ...base, type: 'rate' }, 'e', scale, NOW))).toBe('e.rating');
    expect(fieldOf(() => validateEvent({ ...base, userId: '' }, 'e', scale, NOW))).toBe('e.userId');
    expect(fieldOf(() => validateEvent({ ...base, contentId: 7 }, 'e', scale, NOW))).toBe('e.contentId');
    expect(fieldOf(() => validateEvent({ ...base, type: 'binge' }, 'e', scale, NOW))).toBe('e.type');
    expect(fieldOf(() => validateEvent({ ...base, timestamp: 'yesterday' }, 'e', scale, NOW))).toBe('e.timestamp');
    expect(fieldOf(() => validateEvent({ ...base, timestamp: Number.POSITIVE_INFINITY }, 'e', scale, NOW))).toBe('e.timestamp');
    expect(fieldOf(() => validateEvent({ ...base, timestamp: -8e15 }, 'e', scale, NOW))).toBe('e.timestamp');
    expect(fieldOf(() => validateEvent({ ...base, timestamp: '10000-01-01T00:00:00Z' }, 'e', scale, NOW))).toBe('e.timestamp');
    expect(fieldOf(() => validateEvent({ ...base, rewatch: 'yes' }, 'e', scale, NOW))).toBe('e.rewatch');
    expect(fieldOf(() => validateEvent({ ...base, context: { device: 'fridge' } }, 'e', scale, NOW))).toBe('e.context.device');
    expect(fieldOf(() => validateEvent(null, 'e', scale, NOW))).toBe('e');
    expect(fieldOf(() => validateEvent({ ...base, userId: 'a\u0000b' }, 'e', scale, NOW))).toBe('e.userId');
  });
});

describe('validateContentItem', () => {
  it('keeps known fields, de-duplicates lists and detaches metadata', () => {
    const metadata = { region: ['BE'] };
    const item = validateContentItem({ id: 'x', title: 'X', genres: ['Crime', 'Crime', ' Drama '], metadata, unknown: 1 });
    expect(item).toEqual({ id: 'x', title: 'X', genres: ['Crime', 'Drama'], metadata: { region: ['BE'] } });
    metadata.region.push('NL');
    expect(item.metadata).toEqual({ region: ['BE'] });
  });

  it('names the offending field', () => {
    expect(fieldOf(() => validateContentItem({ id: 'x' }))).toBe('item.title');
    expect(fieldOf(() => validateContentItem({ id: 'x', title: 'X', popularity: 2 }))).toBe('item.popularity');
    expect(fieldOf(() => validateContentItem({ id: 'x', title: 'X', releaseYear: 1999.5 }))).toBe('item.releaseYear');
    expect(fieldOf(() => validateContentItem({ id: 'x', title: 'X', genres: 'Crime' }))).toBe('item.genres');
    expect(fieldOf(() => validateContentItem({ id: 'x', title: 'X', metadata: { n: Number.NaN } }))).toBe('item.metadata');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(fieldOf(() => validateContentItem({ id: 'x', title: 'X', metadata: cyclic }))).toBe('item.metadata');
  });
});

describe('validateContext', () => {
  it('accepts IANA zones and refuses unknown ones', () => {
    expect(validateContext({ timeZone: 'Europe/Brussels', device: 'tv' })).toEqual({ timeZone: 'Europe/Brussels', device: 'tv' });
    expect(fieldOf(() => validateContext({ timeZone: 'Mars/Olympus' }))).toBe('context.timeZone');
  });
});
