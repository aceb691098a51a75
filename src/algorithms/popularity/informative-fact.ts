/**
 * Whether one attribute (every value of `country`, say) tells anything about what people watch:
 * false when its groups differ no more than chance would make them. The groups' item
 * counts, with everyone outside them as one more group, are tested for independence of group and
 * item by the G statistic (twice the counts times the log of observed over expected; about χ²
 * with df = (items − 1)(groups − 1) when the attribute says nothing), at three standard
 * deviations of that χ² above its mean. A user's lifts from an attribute that tells nothing are left out:
 * a fact that says nothing (a zip code's first digit, on some data) otherwise adds its groups'
 * sampling noise to every list. Tempering lifts by the share of G above df (the James–Stein
 * factor) was tried and lost on the planted data: it dampens the informative facts too.
 */

/** Item counts of one group, by catalogue index (0 where it counted none). */
export type GroupCounts = (index: number) => number;

/** Standard deviations of χ²(df) above its mean that G must reach. */
const SIGNIFICANCE = 3;
/**
 * Group × item cells read at most (about 0.1 s). A fact with more (one group per user, say) is
 * taken as telling something, as before the test: its groups are small, and each one's lifts
 * shrink toward everyone's.
 */
export const MAX_TESTED_CELLS = 20_000_000;

/** The G statistic and its degrees of freedom for `rows` × items below `size`. */
export function independenceTest(rows: readonly GroupCounts[], size: number): { g: number; df: number } {
  const columns = new Float64Array(size);
  const totals = rows.map((row) => {
    let total = 0;
    for (let i = 0; i < size; i++) {
      const c = row(i);
      columns[i] = columns[i]! + c;
      total += c;
    }
    return total;
  });
  const n = totals.reduce((a, b) => a + b, 0);
  const items = columns.reduce((k, c) => k + (c > 0 ? 1 : 0), 0);
  const df = (items - 1) * (totals.filter((t) => t > 0).length - 1);
  if (!(df > 0) || !(n > 0)) return { g: 0, df: Math.max(0, df) };
  let g = 0;
  rows.forEach((row, r) => {
    for (let i = 0; i < size; i++) {
      const c = row(i);
      if (c > 0) g += 2 * c * Math.log((c * n) / (totals[r]! * columns[i]!));
    }
  });
  return { g, df };
}

/**
 * Whether an attribute whose groups count `groups` tells anything, among everyone's `overall`
 * counts (the same events, decayed alike), over catalogue indices below `size`.
 */
export function isInformative(groups: readonly GroupCounts[], overall: GroupCounts, size: number, maxCells = MAX_TESTED_CELLS): boolean {
  if ((groups.length + 1) * size > maxCells) return true;
  const inGroups = new Float64Array(size);
  for (const row of groups) for (let i = 0; i < size; i++) inGroups[i] = inGroups[i]! + row(i);
  // Everyone outside the attribute's groups is one more group.
  const outside: GroupCounts = (i) => Math.max(0, overall(i) - inGroups[i]!);
  const { g, df } = independenceTest([...groups, outside], size);
  return df > 0 && g > df + SIGNIFICANCE * Math.sqrt(2 * df);
}
