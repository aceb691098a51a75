import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageBand, parseUsers, readUsersFile } from '../../../src/datasets/users.js';
import { ValidationError } from '../../../src/index.js';
import { fileWith } from '../../fixtures/files.js';
import { thrownBy } from '../../fixtures/thrown.js';

describe('parseUsers', () => {
  it("reads MovieLens-100K's u.user: age as a band, the zip code's first character as the region", () => {
    expect(parseUsers('1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|T8H1N\n')).toEqual([
      { userId: '1', demographics: { ageBand: '18-24', gender: 'M', occupation: 'technician', region: '8' } },
      { userId: '2', demographics: { ageBand: '50-55', gender: 'F', occupation: 'other', region: '9' } },
      { userId: '3', demographics: { ageBand: '18-24', gender: 'M', occupation: 'writer', region: 'T' } },
    ]);
  });

  it("reads MovieLens-1M's users.dat, whose age codes are the bands' lower bounds", () => {
    expect(parseUsers('1::F::1::10::48067\n2::M::56::16::70072\n')).toEqual([
      { userId: '1', demographics: { gender: 'F', ageBand: 'under 18', occupation: '10', region: '4' } },
      { userId: '2', demographics: { gender: 'M', ageBand: '56+', occupation: '16', region: '7' } },
    ]);
  });

  it('reads CSV by its header, leaves out empty facts, and keeps names that shadow Object.prototype as plain facts', () => {
    const users = parseUsers('user,age,country,__proto__\nu1,31,BE,x\nu2,,,\nu3,,NL,\n');
    expect(users).toEqual([
      { userId: 'u1', demographics: { ageBand: '25-34', country: 'BE', ['__proto__']: 'x' } },
      { userId: 'u3', demographics: { country: 'NL' } },
    ]);
    expect(Object.getPrototypeOf(users[0]!.demographics)).toBe(Object.prototype);
    expect(Object.hasOwn(users[0]!.demographics, '__proto__')).toBe(true);
  });

  it('gives every age a band, and the same band to an age as to its band start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), (age) => {
        const band = ageBand(age)!;
        expect(band).toBeDefined();
        const start = band === 'under 18' ? 0 : Number(band.split(/[-+]/)[0]);
        expect(start).toBeLessThanOrEqual(age);
        expect(ageBand(start)).toBe(band);
      }),
    );
    expect(ageBand(-1)).toBeUndefined();
    expect(ageBand(Number.NaN)).toBeUndefined();
  });

  it('names --users when a file holds no user', () => {
    const refused = thrownBy(() => readUsersFile(fileWith('users.csv', 'user\n')));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).field).toBe('--users');
  });
});
