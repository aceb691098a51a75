/** Yields `items` in consecutive slices of at most `size`. */
export async function* inBatches<T>(items: readonly T[], size = 1000): AsyncGenerator<T[]> {
  const step = Math.max(1, Math.floor(size));
  for (let i = 0; i < items.length; i += step) yield items.slice(i, i + step);
}

/** Deep-copies JSON-like data so a store never shares objects with its callers. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
