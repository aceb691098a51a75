/**
 * 32-bit FNV-1a over UTF-16 code units (JavaScript's `charCodeAt`), as GrowthBook's SDKs hash.
 * `seed` replaces the standard offset basis for callers that chain hashes.
 */
export function fnv1a32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
