/**
 * A weighted blend of collaborative models that scores the way the engine's pipeline blends
 * its sources: each model proposes its top `candidates` items, every model scores the union,
 * each model's scores are min-max normalised over the union, and the weighted sum ranks it.
 * Items outside the union score −Infinity. Lets `sona evaluate` measure the hybrid offline.
 */
import type { InteractionMatrix } from './matrix.js';
import { topItems, type CollaborativeModel, type Scored, type UserQuery } from './models.js';

/** One member of a {@link BlendModel}. */
export interface BlendMember {
  model: CollaborativeModel;
  weight: number;
}

export class BlendModel implements CollaborativeModel {
  readonly name: string;
  private buffers: Float32Array[] = [];

  constructor(
    readonly members: readonly BlendMember[],
    private readonly candidates = 100,
    name = 'hybrid',
  ) {
    this.name = name;
  }

  async fit(matrix: InteractionMatrix, run?: Parameters<CollaborativeModel['fit']>[1]): Promise<void> {
    for (const m of this.members) await m.model.fit(matrix, run);
  }

  scoreAll(user: UserQuery, out: Float32Array): void {
    if (this.buffers.length !== this.members.length || this.buffers[0]?.length !== out.length) {
      this.buffers = this.members.map(() => new Float32Array(out.length));
    }
    const seen = new Set<number>(user.row.indices);
    const union = new Set<number>();
    this.members.forEach((m, k) => {
      if (!(m.weight > 0)) return;
      m.model.scoreAll(user, this.buffers[k]!);
      for (const t of topItems(this.buffers[k]!, this.candidates, (i) => seen.has(i))) union.add(t.index);
    });
    out.fill(-Infinity);
    for (const i of union) out[i] = 0;
    this.members.forEach((m, k) => {
      if (!(m.weight > 0)) return;
      const s = this.buffers[k]!;
      let min = Infinity;
      let max = -Infinity;
      for (const i of union) {
        const v = s[i]!;
        if (!Number.isFinite(v)) continue; // a model that cannot score an item adds nothing to it
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const span = max - min;
      if (!(span > 0) || !Number.isFinite(span)) return;
      for (const i of union) if (Number.isFinite(s[i]!)) out[i]! += (m.weight * (s[i]! - min)) / span;
    });
  }

  similarItems(item: number, count: number): Scored[] {
    return this.members[0]?.model.similarItems(item, count) ?? [];
  }
}
