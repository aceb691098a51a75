/**
 * Blending: each source's raw scores are min-max normalised to [0, 1] (so a source's best
 * candidate scores 1 whatever its scale: cosine, decayed counts, ALS dot products), multiplied by
 * the source's weight and summed per item.
 */
import type { SourceContribution, SourceName } from '../../core/types.js';
import type { Candidate, SourceRole } from '../../sources/source.js';

/** One source's candidates and the weight they get. */
export interface SourceResult {
  source: SourceName;
  weight: number;
  candidates: readonly Candidate[];
}

/** An item's blended score with each source's weighted part. */
export interface BlendedItem {
  itemId: string;
  score: number;
  /** Each source's weighted part, largest first, with its share of the score before any discount. */
  readonly contributions: SourceContribution[];
  /** Where the candidates the sources gave for it are kept (absent for items made elsewhere). */
  readonly table?: BlendTable;
  readonly row?: number;
}

/**
 * One request's blend, by item row and source: the weighted part and the candidate each source
 * gave. Only the few results shown need their parts listed and explained, so the table keeps
 * them in flat arrays and each item reads its own on demand.
 */
export class BlendTable {
  constructor(
    readonly sources: readonly SourceName[],
    /** Weighted parts, row by row (`row * sources.length + source`); 0 where none. */
    private readonly parts: Float64Array,
    /** The candidate given, at the same positions. */
    private readonly given: ReadonlyArray<Candidate | undefined>,
    /** Each row's score before any discount. */
    private readonly sums: Float64Array,
  ) {}

  /** The row's parts worth listing, largest first (ties by source name), with their shares. */
  contributions(row: number): SourceContribution[] {
    const sum = this.sums[row]!;
    const out: SourceContribution[] = [];
    // Nothing scored the item: no source may claim a share of it.
    if (!(sum > 0)) return out;
    const width = this.sources.length;
    for (let s = 0; s < width; s++) {
      const part = this.parts[row * width + s]!;
      // A source that ranked the item last among its candidates adds nothing: it is not listed.
      if (!(part > 0)) continue;
      const c = { source: this.sources[s]!, score: part, share: part / sum };
      let at = out.length;
      out.push(c);
      while (at > 0 && before(c, out[at - 1]!)) {
        out[at] = out[at - 1]!;
        at--;
      }
      out[at] = c;
    }
    return out;
  }

  /** The candidate `source` gave for the row, if any. */
  givenBy(row: number, source: SourceName): Candidate | undefined {
    const s = this.sources.indexOf(source);
    return s < 0 ? undefined : this.given[row * this.sources.length + s];
  }

  /** Sources that gave the row a positive raw score, even where normalisation made it 0, in blend order. */
  positive(row: number): SourceName[] {
    const width = this.sources.length;
    return this.sources.filter((_, s) => (this.given[row * width + s]?.score ?? 0) > 0);
  }
}

/** An item of a blend, reading its parts from the request's table when first asked. */
class TableItem implements BlendedItem {
  private listed: SourceContribution[] | undefined;
  constructor(
    readonly itemId: string,
    public score: number,
    readonly table: BlendTable,
    readonly row: number,
  ) {}

  get contributions(): SourceContribution[] {
    return (this.listed ??= this.table.contributions(this.row));
  }
}

/** The candidate `source` gave for the item (its raw score, sentence and clause), if any. */
export function givenFor(b: BlendedItem, source: SourceName): Candidate | undefined {
  return b.table?.givenBy(b.row!, source);
}

/** Sources that gave the item a positive raw score, even where normalisation made it 0, in blend order. */
export function positiveSources(b: BlendedItem): SourceName[] {
  return b.table?.positive(b.row!) ?? [];
}

/**
 * Min-max normalises raw scores to [0, 1]. When every score is equal (including a single
 * candidate) each gets 0: a source that cannot tell its candidates apart adds no information,
 * and must not be credited in the explanation of an order another source decided.
 */
export function normalizeMinMax(candidates: readonly Candidate[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const c of candidates) {
    if (c.score < min) min = c.score;
    if (c.score > max) max = c.score;
  }
  const span = max - min;
  return candidates.map((c) => (span > 0 && Number.isFinite(span) ? (c.score - min) / span : 0));
}

/**
 * Blends source results into one list, best first (ties broken by item id so results are
 * deterministic). Contributions are listed largest first with their share of the item's score.
 * `discount` (in [0, 1] per item; the popularity penalty) scales an item's score down by that
 * share after the shares are taken, so explanations still say which sources proposed it.
 */
export function blend(results: readonly SourceResult[], discount?: (itemId: string) => number): BlendedItem[] {
  const used = results.filter((r) => r.weight > 0 && r.candidates.length > 0);
  const width = used.length;
  // First pass: every item its row, every candidate the row it lands on.
  const rows = new Map<string, number>();
  const ids: string[] = [];
  const landing = used.map(({ candidates }) => {
    const at = new Int32Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const id = candidates[i]!.itemId;
      let row = rows.get(id);
      if (row === undefined) {
        rows.set(id, (row = ids.length));
        ids.push(id);
      }
      at[i] = row;
    }
    return at;
  });
  const parts = new Float64Array(ids.length * width);
  const given = new Array<Candidate | undefined>(ids.length * width);
  const sums = new Float64Array(ids.length);
  used.forEach(({ weight, candidates }, s) => {
    const normalized = normalizeMinMax(candidates);
    const at = landing[s]!;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const row = at[i]!;
      const cell = row * width + s;
      const part = weight * normalized[i]!;
      const first = given[cell];
      if (first === undefined) {
        given[cell] = c;
        parts[cell] = part;
        sums[row] = sums[row]! + part;
        continue;
      }
      // A source proposing an item twice counts once, at its better score.
      given[cell] = merged(first, c);
      if (part > parts[cell]!) {
        sums[row] = sums[row]! + part - parts[cell]!;
        parts[cell] = part;
      }
    }
  });
  const table = new BlendTable(
    used.map((r) => r.source),
    parts,
    given,
    sums,
  );
  const out: BlendedItem[] = ids.map((id, row) => new TableItem(id, discount ? sums[row]! * (1 - discount(id)) : sums[row]!, table, row));
  return out.sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

function before(a: SourceContribution, b: SourceContribution): boolean {
  return a.score > b.score || (a.score === b.score && a.source < b.source);
}

/**
 * A second candidate from the same source for an item: the first sentence and clause stand (the
 * second's fill what the first lacked), and it counts as positive when either raw score was.
 */
function merged(first: Candidate, c: Candidate): Candidate {
  const reason = first.reason ?? c.reason;
  const clause = first.clause ?? c.clause;
  const score = first.score > 0 ? first.score : c.score;
  if (reason === first.reason && clause === first.clause && score === first.score) return first;
  return { itemId: first.itemId, score, ...(reason === undefined ? {} : { reason }), ...(clause === undefined ? {} : { clause }) };
}

/**
 * Effective source weights for a user, by each source's role: personal sources fade in with the
 * user's interaction count up to `minInteractions`, cold-start sources (stated genres,
 * demographics) fade out over the same span and ambient ones keep their weight, so a brand-new
 * user is served by what they said, what is popular and the moment, and an established one
 * mostly by their own history. Weights are rescaled to sum to 1.
 */
export function effectiveWeights(
  configured: Readonly<Record<string, number>>,
  sources: ReadonlyArray<{ name: SourceName; role: SourceRole }>,
  interactionCount: number,
  minInteractions: number,
): Map<SourceName, number> {
  const trust = minInteractions <= 0 ? 1 : Math.min(1, interactionCount / minInteractions);
  const raw = new Map<SourceName, number>();
  for (const { name, role } of sources) {
    const w = Object.hasOwn(configured, name) ? configured[name]! : 0;
    raw.set(name, role === 'ambient' ? w : role === 'cold-start' ? w * (1 - trust) : w * trust);
  }
  let total = 0;
  for (const w of raw.values()) total += w;
  if (total <= 0) {
    // Nothing personal to go on and no ambient weight configured: fall back to the ambient
    // sources alone, equally weighted.
    const ambient = sources.filter((s) => s.role === 'ambient');
    for (const { name } of sources) raw.set(name, 0);
    for (const { name } of ambient) raw.set(name, 1);
    total = ambient.length;
  }
  for (const [s, w] of raw) raw.set(s, total > 0 ? w / total : 0);
  return raw;
}

/**
 * The weight an ambient source the blend gave nothing gets while a list is too short to fill:
 * enough to order its items, far below every weighted source's part.
 */
export const IDLE_WEIGHT = 1e-6;

/**
 * `weights` with every applicable ambient source that has no weight (trending, where the tuner
 * left it out) at `IDLE_WEIGHT`, so its items fill what the weighted sources cannot; undefined
 * when there is none.
 */
export function withIdleAmbient(
  weights: ReadonlyMap<SourceName, number>,
  sources: ReadonlyArray<{ name: SourceName; role: SourceRole }>,
): Map<SourceName, number> | undefined {
  const idle = sources.filter((s) => s.role === 'ambient' && !((weights.get(s.name) ?? 0) > 0));
  if (idle.length === 0) return undefined;
  const out = new Map(weights);
  for (const { name } of idle) out.set(name, IDLE_WEIGHT);
  return out;
}
