import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { independenceTest, isInformative, type GroupCounts } from '../../../src/algorithms/popularity/informative-fact.js';
import { seededRandom } from '../../../src/core/random.js';

const ITEMS = 200;
/** Item popularity everyone shares (Zipf). */
const base = Array.from({ length: ITEMS }, (_, i) => 1 / (i + 1));

/** `groups` groups of `events` each, drawn from `tasteOf(group)` (weights over items). */
function draw(groups: number, events: number, tasteOf: (group: number) => readonly number[], seed: number): Float64Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: groups }, (_, g) => {
    const taste = tasteOf(g);
    const total = taste.reduce((a, b) => a + b, 0);
    const counts = new Float64Array(ITEMS);
    for (let e = 0; e < events; e++) {
      let r = random() * total;
      let i = 0;
      while (i < ITEMS - 1 && (r -= taste[i]!) > 0) i++;
      counts[i]!++;
    }
    return counts;
  });
}
const asCounts = (rows: Float64Array[]): GroupCounts[] => rows.map((row) => (i: number) => row[i]!);
/** Everyone: the groups' counts plus `outside` drawn from everyone's taste. */
const everyone = (rows: Float64Array[], outside: Float64Array): GroupCounts => {
  return (i) => rows.reduce((sum, row) => sum + row[i]!, outside[i]!);
};

describe('isInformative', () => {
  it('says a fact whose groups all watch as everyone does tells nothing, in 19 seeds of 20 at least', () => {
    let noise = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rows = draw(10, 400, () => base, seed);
      const [outside] = draw(1, 2000, () => base, seed + 100);
      if (!isInformative(asCounts(rows), everyone(rows, outside!), ITEMS)) noise++;
    }
    expect(noise).toBeGreaterThanOrEqual(19);
  });

  it('says a fact whose groups favour items of their own tells something', () => {
    // Each of four groups likes a quarter of the catalogue twice as much.
    const rows = draw(4, 400, (g) => base.map((p, i) => (i % 4 === g ? 2 * p : p)), 7);
    const [outside] = draw(1, 2000, () => base, 8);
    expect(isInformative(asCounts(rows), everyone(rows, outside!), ITEMS)).toBe(true);
  });

  it('compares a single group with everyone outside it', () => {
    const [only] = draw(1, 800, () => base.map((p, i) => (i < 20 ? 3 * p : p)), 9);
    const [outside] = draw(1, 2000, () => base, 10);
    expect(isInformative(asCounts([only!]), everyone([only!], outside!), ITEMS)).toBe(true);
    // Everyone is in the group: nothing to compare with.
    expect(isInformative(asCounts([only!]), everyone([only!], new Float64Array(ITEMS)), ITEMS)).toBe(false);
  });

  it('reads nothing, and keeps the fact, past its cell budget (one group per user, say)', () => {
    let reads = 0;
    const row: GroupCounts = () => {
      reads++;
      return 1;
    };
    expect(
      isInformative(
        Array.from({ length: 50 }, () => row),
        row,
        100,
        1000,
      ),
    ).toBe(true);
    expect(reads).toBe(0);
  });

  it('gives G = 0 for proportional rows and never a negative G', () => {
    expect(independenceTest([(i) => [2, 4][i]!, (i) => [1, 2][i]!], 2).g).toBeCloseTo(0, 12);
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 20 }), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (table) => {
        const { g, df } = independenceTest(
          table.map((row) => (i: number) => row[i]!),
          5,
        );
        expect(g).toBeGreaterThanOrEqual(-1e-9);
        expect(df).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
