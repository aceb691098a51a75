/** Yields `items` in consecutive slices of at most `size`. */
export async function* inBatches<T>(items: readonly T[], size = 1000): AsyncGenerator<T[]> {
  const step = Math.max(1, Math.floor(size));
  for (let i = 0; i < items.length; i += step) yield items.slice(i, i + step);
}

/**
 * Deep-copies JSON-like data so a store never shares objects with its callers. Plain objects and
 * arrays are copied here (structuredClone serialises every value, and was a tenth of a 1M-item
 * upsert); dates, typed arrays, maps and anything else go to structuredClone.
 */
export function clone<T>(value: T): T {
  return copy(value, 0) as T;
}

/** Nesting beyond which the platform's copy takes over. */
const MAX_DEPTH = 64;

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return structuredClone(value);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], depth + 1);
    return out;
  }
  // Vectors and timestamps, in every profile and record: copied directly, not serialised.
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array || value instanceof Uint8Array) return value.slice();
  if (value instanceof Date) return new Date(value.getTime());
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key], depth + 1);
    // A key from data named __proto__ stays a key; assigning it would set the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
