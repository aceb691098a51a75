/**
 * Approximate personalized PageRank by forward push (Andersen, Chung and Lang, "Local Graph
 * Partitioning using PageRank Vectors", FOCS 2006). Mass starts as residual at the restart
 * nodes; pushing a node keeps the restart share of its residual as score and passes the rest to
 * its neighbours in proportion to edge weight. Only nodes whose residual reaches
 * `tolerance × degree` are pushed, so the work is bounded by 1 / (tolerance × restartProbability)
 * edge visits whatever the graph's size, and every score is within `tolerance × degree` of the
 * exact one. Runs over a graphology graph as it stands, so no index has to be rebuilt after edits.
 */
import type Graph from 'graphology';

/** Options of {@link forwardPushPageRank}. */
export interface PushOptions {
  /** Probability of jumping back to the restart distribution at each step. @default 0.15 */
  restartProbability?: number;
  /** Residual per unit of degree below which a node is not pushed. @default 1e-5 */
  tolerance?: number;
  /** Reads an edge's weight (default: its `weight` attribute, else 1). */
  weight?: (attributes: Record<string, unknown>) => number;
  /**
   * Neighbour lists kept across calls. The caller must delete the entries of nodes whose edges
   * change (both ends of an added, re-weighted or dropped edge).
   */
  adjacency?: Map<string, Adjacency>;
}

/** A node's neighbours with their share of its total edge weight. */
export interface Adjacency {
  neighbors: string[];
  /** Edge weight over the node's total weight. */
  shares: Float64Array;
}

/**
 * Approximate scores of a walk that follows weighted edges and restarts, with probability
 * `restartProbability` and from nodes without edges, at `restart` (non-negative weights,
 * normalised here). Returns the nodes that received score; the scores sum to at most 1, the
 * rest being residual that was too thin to push.
 */
export function forwardPushPageRank(graph: Graph, restart: ReadonlyMap<string, number>, options: PushOptions = {}): Map<string, number> {
  const alpha = options.restartProbability ?? 0.15;
  const tolerance = options.tolerance ?? 1e-5;
  const weightOf = options.weight ?? ((a: Record<string, unknown>) => (typeof a.weight === 'number' ? a.weight : 1));
  const seeds = normalise(graph, restart);
  const score = new Map<string, number>();
  const residual = new Map(seeds);
  const adjacency = options.adjacency ?? new Map<string, Adjacency>();
  const adjacent = (node: string): Adjacency => {
    let a = adjacency.get(node);
    if (!a) {
      const neighbors: string[] = [];
      const weights: number[] = [];
      // Out-neighbours of directed edges and both ends of undirected ones, as graphology's pagerank walks them.
      graph.forEachOutboundEdge(node, (_edge, attributes, source, target) => {
        neighbors.push(source === node ? target : source);
        weights.push(Math.max(0, weightOf(attributes)));
      });
      const total = weights.reduce((s, w) => s + w, 0);
      a = { neighbors, shares: Float64Array.from(weights, (w) => (total > 0 ? w / total : 0)) };
      adjacency.set(node, a);
    }
    return a;
  };
  const needsPush = (node: string, r: number) => r > 0 && r >= tolerance * Math.max(1, graph.degree(node));
  const queue = [...seeds.keys()];
  const queued = new Set(queue);
  const give = (next: string, amount: number) => {
    const rn = (residual.get(next) ?? 0) + amount;
    residual.set(next, rn);
    if (!queued.has(next) && needsPush(next, rn)) {
      queue.push(next);
      queued.add(next);
    }
  };
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    queued.delete(node);
    const r = residual.get(node) ?? 0;
    if (!needsPush(node, r)) continue;
    residual.set(node, 0);
    score.set(node, (score.get(node) ?? 0) + alpha * r);
    const { neighbors, shares } = adjacent(node);
    const spread = (1 - alpha) * r;
    let passed = false;
    for (let i = 0; i < neighbors.length; i++) {
      if (shares[i]! <= 0) continue;
      give(neighbors[i]!, spread * shares[i]!);
      passed = true;
    }
    // A node without outgoing weight sends its walkers back to the restart distribution.
    if (!passed) for (const [seed, share] of seeds) give(seed, spread * share);
  }
  return score;
}

/** The restart weights of nodes the graph has, positive and summing to 1. */
function normalise(graph: Graph, restart: ReadonlyMap<string, number>): Map<string, number> {
  const kept = [...restart].filter(([node, w]) => w > 0 && Number.isFinite(w) && graph.hasNode(node));
  const total = kept.reduce((s, [, w]) => s + w, 0);
  return new Map(kept.map(([node, w]) => [node, w / total]));
}
