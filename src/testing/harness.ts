/** One conformance check: run it with your test runner, e.g. `it(c.name, c.run)`. */
export interface ConformanceCase {
  name: string;
  run: () => Promise<void>;
}

/** Builds a fresh, empty store for one case. */
export type StoreFactory<T> = () => T | Promise<T>;

/** Options shared by every conformance suite. */
export interface SpecOptions<T> {
  /** Called after each case with the store it used (close connections, drop data). */
  teardown?: (store: T) => void | Promise<void>;
}

/** Wraps case bodies so each gets a fresh store and its teardown runs even on failure. */
export function defineCases<T>(make: StoreFactory<T>, options: SpecOptions<T>, cases: Record<string, (store: T) => Promise<void>>): ConformanceCase[] {
  return Object.entries(cases).map(([name, body]) => ({
    name,
    run: async () => {
      const store = await make();
      try {
        await body(store);
      } finally {
        await options.teardown?.(store);
      }
    },
  }));
}

/** Collects an async iterable of batches into one array. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

/** Strings that break naive SQL, JSON or path handling; stores must keep them verbatim. */
export const HOSTILE_STRINGS = [
  "Robert'); DROP TABLE content;--",
  'quote " and backslash \\',
  'emoji 🎬 and accents àéîõü',
  'line\nbreak\ttab',
  '%_ like wildcards',
  '$1 :name ? bind markers',
] as const;
