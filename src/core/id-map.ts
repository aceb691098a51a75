/**
 * Maps the host's string ids to dense integer indices (0, 1, 2, ... in first-seen order) and
 * back, so algorithms can work on typed arrays while callers only ever see their own ids.
 */
export class IdMap {
  private readonly toIndex = new Map<string, number>();
  private readonly toId: string[] = [];

  /** Number of ids mapped. */
  get size(): number {
    return this.toId.length;
  }

  /** The index of `id`, assigning the next free one if it is new. */
  intern(id: string): number {
    let index = this.toIndex.get(id);
    if (index === undefined) {
      index = this.toId.length;
      this.toIndex.set(id, index);
      this.toId.push(id);
    }
    return index;
  }

  /** The index of `id`, or undefined when it was never interned. */
  indexOf(id: string): number | undefined {
    return this.toIndex.get(id);
  }

  /** The id at `index`; throws a RangeError for an index that was never assigned. */
  idAt(index: number): string {
    const id = this.toId[index];
    if (id === undefined) throw new RangeError(`no id at index ${index}`);
    return id;
  }

  has(id: string): boolean {
    return this.toIndex.has(id);
  }

  /** All ids in index order. */
  ids(): readonly string[] {
    return this.toId;
  }
}
