/**
 * Intra-list diversity: the mean pairwise dissimilarity (1 - similarity) within each list,
 * averaged over lists with at least two items.
 */
export function intraListDiversity(lists: Iterable<readonly string[]>, similarity: (a: string, b: string) => number): number {
  let total = 0;
  let count = 0;
  for (const list of lists) {
    if (list.length < 2) continue;
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        sum += 1 - similarity(list[i]!, list[j]!);
        pairs++;
      }
    }
    total += sum / pairs;
    count++;
  }
  return count > 0 ? total / count : 0;
}
