/**
 * Personalized PageRank (random walk with restart) by power iteration, over a weighted graph
 * indexed from graphology into typed arrays. With a uniform restart vector it is ordinary
 * PageRank, and it agrees with graphology-metrics' `pagerank` (the tests check it).
 */
import type Graph from 'graphology';

/** A graph as compressed neighbour lists with edge weights normalised per source node. */
export interface WeightedIndex {
  nodes: string[];
  indexOf: Map<string, number>;
  /** Neighbours of node i are `neighbors[offsets[i] .. offsets[i+1])`. */
  offsets: Int32Array;
  neighbors: Int32Array;
  /** Edge weight divided by the source node's total weight. */
  shares: Float64Array;
  /** Nodes without outgoing weight; their mass restarts. */
  dangling: Int32Array;
}

/** Indexes a graphology graph; `weight` reads an edge's weight (default: its `weight` attribute, else 1). */
export function weightedIndex(
  graph: Graph,
  weight: (attributes: Record<string, unknown>) => number = (a) => (typeof a.weight === 'number' ? a.weight : 1),
): WeightedIndex {
  const nodes = graph.nodes();
  const indexOf = new Map(nodes.map((n, i) => [n, i]));
  const offsets = new Int32Array(nodes.length + 1);
  const neighbors: number[] = [];
  const weights: number[] = [];
  nodes.forEach((node, i) => {
    // Out-neighbours of directed edges and both ends of undirected ones, as graphology's pagerank walks them.
    graph.forEachOutboundEdge(node, (_edge, attributes, source, target) => {
      neighbors.push(indexOf.get(source === node ? target : source)!);
      weights.push(weight(attributes));
    });
    offsets[i + 1] = neighbors.length;
  });
  const shares = new Float64Array(weights.length);
  const dangling: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    let total = 0;
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) total += weights[j]!;
    if (total === 0) dangling.push(i);
    else for (let j = offsets[i]!; j < offsets[i + 1]!; j++) shares[j] = weights[j]! / total;
  }
  return { nodes, indexOf, offsets, neighbors: Int32Array.from(neighbors), shares, dangling: Int32Array.from(dangling) };
}

/** Options of {@link personalizedPageRank}. */
export interface PageRankOptions {
  /** Probability of jumping back to the restart distribution at each step (PageRank's 1 − damping). @default 0.15 */
  restartProbability?: number;
  /** @default 100 */
  maxIterations?: number;
  /** Stop when the L1 change per node falls below this. @default 1e-6 */
  tolerance?: number;
}

/**
 * Stationary distribution of a walk that follows weighted edges and, with probability
 * `restartProbability` (and from dangling nodes), jumps to `restart` (any non-negative weights,
 * normalised here). Returns one score per indexed node, summing to 1.
 */
export function personalizedPageRank(index: WeightedIndex, restart: Float64Array, options: PageRankOptions = {}): Float64Array {
  const n = index.nodes.length;
  const damping = 1 - (options.restartProbability ?? 0.15);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const s = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.max(0, restart[i] ?? 0);
  if (total === 0) return s;
  for (let i = 0; i < n; i++) s[i] = Math.max(0, restart[i] ?? 0) / total;
  let x = Float64Array.from(s);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let dangle = 0;
    for (const d of index.dangling) dangle += x[d]!;
    next.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let j = index.offsets[i]!; j < index.offsets[i + 1]!; j++) next[index.neighbors[j]!]! += damping * xi * index.shares[j]!;
    }
    let error = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += (damping * dangle + (1 - damping)) * s[i]!;
      error += Math.abs(next[i]! - x[i]!);
    }
    [x, next] = [next, x];
    if (error < n * tolerance) break;
  }
  return x;
}
