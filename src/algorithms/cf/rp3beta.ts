/**
 * RP3beta (Christoffel, Paudel, Newell & Bernstein, "Blockbusters and Wallflowers", RecSys 2015;
 * Paudel et al., "Updatable, Accurate, Diverse, and Scalable Recommendations for Interactive
 * Applications", TiiS 2017): a three-step random walk item → user → item on the bipartite graph,
 * with transition probabilities raised to α and the arrival item's popularity divided out by
 * deg(j)^β, so the walk reaches the wallflowers and not only the blockbusters. With binary
 * interactions W_ij = Σ_{u ∈ U(i) ∩ U(j)} (1/deg i)^α (1/deg u)^α / deg(j)^β; each row keeps its
 * `neighbours` largest weights. Cost is Σ_u deg(u)², like item-kNN.
 */
import { ItemItemModel, topKRows } from './item-item.js';
import type { InteractionMatrix } from './matrix.js';

/** Options of {@link Rp3BetaModel}. */
export interface Rp3BetaOptions {
  /** Exponent of the transition probabilities (1 = the plain walk). */
  alpha: number;
  /** Popularity penalty: arrival weights divided by deg(j)^β (0 = none, P3alpha). */
  beta: number;
  /** Weights kept per item row. */
  neighbours: number;
}

export class Rp3BetaModel extends ItemItemModel {
  readonly name = 'rp3beta';
  readonly options: Rp3BetaOptions;

  constructor(options: Rp3BetaOptions) {
    super();
    this.options = { ...options };
  }

  fit(matrix: InteractionMatrix): void {
    const { userItems: ui, itemUsers: iu } = matrix;
    const { alpha, beta, neighbours } = this.options;
    const items = iu.rows;
    const userStep = Float64Array.from({ length: ui.rows }, (_, u) => degree(ui, u) ** -alpha);
    const itemStep = Float64Array.from({ length: items }, (_, i) => degree(iu, i) ** -alpha);
    const arrival = Float64Array.from({ length: items }, (_, j) => degree(iu, j) ** -beta);
    const acc = new Float64Array(items);
    const touched = new Int32Array(items);
    this.neighbours = topKRows(items, items, neighbours, (i, emit) => {
      let count = 0;
      for (let p = iu.indptr[i]!; p < iu.indptr[i + 1]!; p++) {
        const u = iu.indices[p]!;
        const w = userStep[u]!;
        for (let q = ui.indptr[u]!; q < ui.indptr[u + 1]!; q++) {
          const j = ui.indices[q]!;
          if (j === i) continue;
          if (acc[j] === 0) touched[count++] = j;
          acc[j]! += w;
        }
      }
      const from = itemStep[i]!;
      for (let t = 0; t < count; t++) {
        const j = touched[t]!;
        emit(j, from * acc[j]! * arrival[j]!);
        acc[j] = 0;
      }
    });
  }
}

function degree(m: { indptr: Int32Array }, r: number): number {
  return Math.max(1, m.indptr[r + 1]! - m.indptr[r]!);
}
