/**
 * Content-based scoring as a collaborative-model peer, for offline evaluation: each item's
 * embedding comes from its text; a user's profile is the sum of their items' unit embeddings;
 * an item's score is its cosine with the profile.
 */
import type { InteractionMatrix } from '../cf/matrix.js';
import type { CollaborativeModel, Scored, UserQuery } from '../cf/models.js';
import { topItems } from '../cf/models.js';

export class ContentModel implements CollaborativeModel {
  readonly name = 'content';
  private vectors: Float32Array = new Float32Array(0);
  private dimension = 0;

  /** `embed` turns an item id into a unit vector (or undefined when the item has no text). */
  constructor(
    private readonly embed: (itemId: string) => Float32Array | undefined,
    private readonly onFit?: (itemIds: readonly string[]) => void,
  ) {}

  fit(matrix: InteractionMatrix): void {
    const ids = matrix.items.ids();
    this.onFit?.(ids);
    const first = ids.map((id) => this.embed(id)).find((v) => v !== undefined);
    this.dimension = first?.length ?? 0;
    this.vectors = new Float32Array(ids.length * this.dimension);
    ids.forEach((id, i) => {
      const v = this.embed(id);
      if (v && v.length === this.dimension) this.vectors.set(v, i * this.dimension);
    });
  }

  scoreAll(user: UserQuery, out: Float32Array): void {
    const d = this.dimension;
    const profile = new Float64Array(d);
    for (const i of user.row.indices) for (let a = 0; a < d; a++) profile[a]! += this.vectors[i * d + a]!;
    const n = Math.hypot(...profile) || 1;
    const items = this.vectors.length / Math.max(1, d);
    for (let i = 0; i < out.length; i++) {
      if (i >= items) {
        out[i] = -Infinity;
        continue;
      }
      let s = 0;
      for (let a = 0; a < d; a++) s += profile[a]! * this.vectors[i * d + a]!;
      out[i] = s / n;
    }
  }

  similarItems(item: number, count: number): Scored[] {
    const d = this.dimension;
    const items = this.vectors.length / Math.max(1, d);
    const scores = new Float32Array(items);
    for (let i = 0; i < items; i++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += this.vectors[i * d + a]! * this.vectors[item * d + a]!;
      scores[i] = s;
    }
    return topItems(scores, count, (i) => i === item);
  }
}
