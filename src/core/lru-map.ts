/**
 * A Map that keeps at most `capacity` entries, dropping the least recently used: `get` and `set`
 * both count as use. Iteration runs from the least to the most recently used.
 */
export class LruMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override get(key: K): V | undefined {
    if (!super.has(key)) return undefined;
    const value = super.get(key)!;
    super.delete(key);
    super.set(key, value);
    return value;
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.capacity) super.delete(this.keys().next().value!);
    return this;
  }
}
