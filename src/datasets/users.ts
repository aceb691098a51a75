/**
 * Reader for the user files rating data sets ship, as demographics the engine's cold start reads
 * (`engine.updateUserAttributes(id, { demographics })`): MovieLens-100K's `u.user`
 * (`id|age|gender|occupation|zip`), MovieLens-1M's `users.dat` (`id::gender::age::occupation::zip`,
 * age and occupation as the codes its README lists) and CSV with a header whose first column is
 * the user id. Ages become the bands MovieLens-1M uses, so both data sets share them; a zip code
 * gives a `region` (its first character: the US postal area), since whole codes group too few
 * viewers to be worth a group.
 */
import { ValidationError } from '../core/errors.js';
import { detectDelimiter, parsed, parseRows } from './files.js';

/** One user's demographic facts, by name (`ageBand`, `gender`, `occupation`, `region`, or a CSV header's names). */
export interface UserDemographics {
  userId: string;
  demographics: Record<string, string>;
}

/** The lower bounds of MovieLens-1M's age bands (its codes), with their names. */
const AGE_BANDS: ReadonlyArray<readonly [number, string]> = [
  [56, '56+'],
  [50, '50-55'],
  [45, '45-49'],
  [35, '35-44'],
  [25, '25-34'],
  [18, '18-24'],
  [0, 'under 18'],
];

/** The band of an age in years (or of a MovieLens-1M age code, which is its band's lower bound). */
export function ageBand(age: number): string | undefined {
  if (!Number.isFinite(age) || age < 0) return undefined;
  return AGE_BANDS.find(([from]) => age >= from)![1];
}

/** Columns of the two MovieLens layouts, after the user id. */
const LAYOUTS: Readonly<Record<string, readonly string[]>> = {
  '|': ['age', 'gender', 'occupation', 'zip'],
  '::': ['gender', 'age', 'occupation', 'zip'],
};

/**
 * Parses a users text. `|` and `::` rows are read as MovieLens-100K and -1M lay them out; other
 * delimiters need a header row naming the columns. Empty values are left out, and a user with
 * no fact at all is too.
 */
export function parseUsers(text: string): UserDemographics[] {
  const delimiter = detectDelimiter(text);
  const table = parseRows(text, delimiter);
  const layout = LAYOUTS[delimiter];
  const header = layout ?? table[0]?.slice(1);
  if (!header) return [];
  if (!layout && table[0] && header.length === 0) throw new ValidationError('--users', 'a CSV users file needs a header: user id first, then the facts');
  const out: UserDemographics[] = [];
  for (const cells of layout ? table : table.slice(1)) {
    const [userId, ...values] = cells;
    if (!userId) continue;
    // Facts by name in a prototype-free object: the names come from the file.
    const demographics: Record<string, string> = Object.create(null) as Record<string, string>;
    header.forEach((name, i) => {
      const value = values[i];
      if (!name || !value) return;
      if (name === 'age') {
        const band = ageBand(Number(value));
        if (band) demographics.ageBand = band;
      } else if (name === 'zip') {
        demographics.region = value[0]!.toUpperCase();
      } else {
        demographics[name] = value;
      }
    });
    if (Object.keys(demographics).length > 0) out.push({ userId, demographics: { ...demographics } });
  }
  return out;
}

/** Reads a users file; throws a ValidationError naming `--users` when it is unreadable or holds no user. */
export function readUsersFile(path: string): UserDemographics[] {
  const users = parsed(path, '--users', parseUsers);
  if (users.length === 0) throw new ValidationError('--users', `no users with demographics found in ${JSON.stringify(path)}`);
  return users;
}
