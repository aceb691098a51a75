import Graph from 'graphology';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import { describe, expect, it } from 'vitest';
import { personalizedPageRank, weightedIndex } from '../../../src/algorithms/graph/ppr.js';
import { forwardPushPageRank } from '../../../src/algorithms/graph/push.js';
import { seededRandom } from '../../../src/core/random.js';

function randomGraph(seed: number): Graph {
  const rand = seededRandom(seed);
  const g = new Graph({ type: 'undirected' });
  for (let i = 0; i < 60; i++) g.addNode(`n${i}`);
  for (let e = 0; e < 150; e++) {
    const a = `n${Math.floor(rand() * 60)}`;
    const b = `n${Math.floor(rand() * 60)}`;
    if (a !== b && !g.hasEdge(a, b)) g.addEdge(a, b, { weight: 0.1 + rand() });
  }
  return g;
}

describe('personalized PageRank', () => {
  it('with a uniform restart equals graphology-metrics pagerank', () => {
    const g = randomGraph(3);
    g.addNode('isolated'); // a dangling node
    const index = weightedIndex(g);
    const ours = personalizedPageRank(index, new Float64Array(index.nodes.length).fill(1), { restartProbability: 0.15, maxIterations: 200, tolerance: 1e-12 });
    const theirs = pagerank(g, { alpha: 0.85, maxIterations: 200, tolerance: 1e-12, getEdgeWeight: 'weight' });
    index.nodes.forEach((node, i) => expect(ours[i]).toBeCloseTo(theirs[node]!, 9));
    expect(ours.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
  });

  it('a walk restarting at a user reaches their nearest unseen item first', () => {
    // u watched a and b; a and b share the genre "crime" with c; d only shares "family" with e.
    const g = new Graph({ type: 'undirected' });
    for (const n of ['u', 'a', 'b', 'c', 'd', 'e', 'crime', 'family']) g.addNode(n);
    g.addEdge('u', 'a', { weight: 1 });
    g.addEdge('u', 'b', { weight: 1 });
    for (const item of ['a', 'b', 'c']) g.addEdge(item, 'crime', { weight: 0.35 });
    for (const item of ['d', 'e']) g.addEdge(item, 'family', { weight: 0.35 });
    const index = weightedIndex(g);
    const restart = new Float64Array(index.nodes.length);
    restart[index.indexOf.get('u')!] = 1;
    const scores = personalizedPageRank(index, restart);
    const score = (n: string) => scores[index.indexOf.get(n)!]!;
    expect(score('c')).toBeGreaterThan(0);
    expect(score('d')).toBe(0); // unreachable from u
    expect(score('c')).toBeGreaterThan(score('e'));
  });
});

describe('forward-push personalized PageRank', () => {
  it('agrees with the converged power iteration within tolerance × degree on random graphs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const g = randomGraph(seed);
      g.addNode('isolated');
      const index = weightedIndex(g);
      const rand = seededRandom(seed + 100);
      const restart = new Map<string, number>();
      for (let k = 0; k < 4; k++) restart.set(`n${Math.floor(rand() * 60)}`, 0.2 + rand());
      const dense = new Float64Array(index.nodes.length);
      for (const [node, w] of restart) dense[index.indexOf.get(node)!] = w;
      const exact = personalizedPageRank(index, dense, { maxIterations: 500, tolerance: 1e-14 });
      const tolerance = 1e-6;
      const pushed = forwardPushPageRank(g, restart, { tolerance });
      for (const node of index.nodes) {
        const error = Math.abs((pushed.get(node) ?? 0) - exact[index.indexOf.get(node)!]!);
        expect(error).toBeLessThanOrEqual(tolerance * Math.max(1, g.degree(node)) * 10);
      }
      const total = [...pushed.values()].reduce((s, x) => s + x, 0);
      expect(total).toBeGreaterThan(0.99);
      expect(total).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('touches only the neighbourhood of the restart nodes', () => {
    const g = new Graph({ type: 'undirected' });
    g.mergeEdge('a', 'b', { weight: 1 });
    g.mergeEdge('c', 'd', { weight: 1 }); // another component
    const scores = forwardPushPageRank(g, new Map([['a', 1]]));
    expect([...scores.keys()].sort()).toEqual(['a', 'b']);
    expect(scores.get('a')).toBeGreaterThan(scores.get('b')!);
  });

  it('sends the walk home from a node without edges and ignores restart nodes the graph lacks', () => {
    const g = new Graph({ type: 'undirected' });
    g.addNode('alone');
    const scores = forwardPushPageRank(
      g,
      new Map([
        ['alone', 1],
        ['missing', 5],
      ]),
      { tolerance: 1e-9 },
    );
    expect(scores.get('alone')).toBeCloseTo(1, 6);
    expect(scores.has('missing')).toBe(false);
  });
});
