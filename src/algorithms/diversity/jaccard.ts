/** Genre overlap |A ∩ B| / |A ∪ B| of two items' genres; 0 when either has none. */
export function genreJaccard(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (!a?.length || !b?.length) return 0;
  let shared = 0;
  for (const g of a) if (b.includes(g)) shared++;
  return shared / (a.length + b.length - shared);
}
