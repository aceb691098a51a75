import { IdMap } from './id-map.js';
import type { ContentItem } from './types.js';

/**
 * What the engine keeps in process about the catalogue for fast filtering and ranking: dense
 * indices, the host's popularity prior, genres and titles (for explanations). The rest stays in
 * the repository.
 */
export class CatalogIndex {
  readonly ids = new IdMap();
  private prior = new Float64Array(1024);
  private readonly genres: Array<readonly string[] | undefined> = [];
  /** Each item's set of lower-cased genres, interned: items share a few hundred distinct sets. */
  private readonly genreSetIndex: number[] = [];
  private readonly genreSetList: Array<readonly string[]> = [];
  private readonly genreSetByKey = new Map<string, number>();
  private readonly titles: string[] = [];
  private readonly runtimes: Array<number | undefined> = [];
  private readonly live: boolean[] = [];
  private liveCount = 0;
  private changes = 0;

  /** Changes whenever items are added, refreshed or removed. */
  get version(): number {
    return this.changes;
  }

  /** Number of indices ever assigned (live or deleted). */
  get size(): number {
    return this.ids.size;
  }

  /** Number of items currently in the catalogue. */
  get count(): number {
    return this.liveCount;
  }

  /** Adds or refreshes items. */
  add(items: readonly ContentItem[]): void {
    this.changes++;
    for (const item of items) {
      const i = this.ids.intern(item.id);
      if (i >= this.prior.length) {
        const next = new Float64Array(Math.max(i + 1, this.prior.length * 2));
        next.set(this.prior);
        this.prior = next;
      }
      this.prior[i] = item.popularity ?? 0;
      this.genres[i] = item.genres;
      this.genreSetIndex[i] = this.internGenres(item.genres);
      this.titles[i] = item.title;
      this.runtimes[i] = item.runtimeMinutes;
      if (!this.live[i]) {
        this.live[i] = true;
        this.liveCount++;
      }
    }
  }

  /** Marks items as gone (their indices stay reserved). */
  remove(ids: readonly string[]): void {
    this.changes++;
    for (const id of ids) {
      const i = this.ids.indexOf(id);
      if (i !== undefined && this.live[i]) {
        this.live[i] = false;
        this.liveCount--;
      }
    }
  }

  has(id: string): boolean {
    const i = this.ids.indexOf(id);
    return i !== undefined && this.live[i] === true;
  }

  isLive(index: number): boolean {
    return this.live[index] === true;
  }

  genresOf(id: string): readonly string[] | undefined {
    const i = this.ids.indexOf(id);
    return i === undefined ? undefined : this.genres[i];
  }

  genresOfIndex(index: number): readonly string[] | undefined {
    return this.genres[index];
  }

  /**
   * The interned lower-cased genre set of the item at `index`: per-request genre scores can be
   * computed once per set (see {@link genreSets}) instead of once per item.
   */
  genreSetOfIndex(index: number): number {
    return this.genreSetIndex[index] ?? 0;
  }

  /** Every distinct lower-cased genre set, by the number {@link genreSetOfIndex} returns. */
  genreSets(): ReadonlyArray<readonly string[]> {
    return this.genreSetList;
  }

  runtimeOfIndex(index: number): number | undefined {
    return this.runtimes[index];
  }

  titleOf(id: string): string | undefined {
    const i = this.ids.indexOf(id);
    return i === undefined ? undefined : this.titles[i];
  }

  private internGenres(genres: readonly string[] | undefined): number {
    const set = [...new Set((genres ?? []).map((g) => g.toLowerCase()))].sort();
    const key = set.join('\u0000');
    let n = this.genreSetByKey.get(key);
    if (n === undefined) {
      n = this.genreSetList.length;
      this.genreSetList.push(set);
      this.genreSetByKey.set(key, n);
    }
    return n;
  }

  /** Popularity prior per index (0 where the host gave none). */
  priors(): Float64Array {
    return this.prior;
  }
}
