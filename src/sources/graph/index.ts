import Graph from 'graphology';
import { z } from 'zod';
import { forwardPushPageRank, type Adjacency } from '../../algorithms/graph/push.js';
import { interactionEngagement, type EngagementParams } from '../../algorithms/profile/engagement.js';
import { TopK } from '../../core/top-k.js';
import type { ContentItem, TrackedEvent } from '../../core/types.js';
import { defineSource } from '../definition.js';
import type { Candidate, Source, SourceRequest } from '../source.js';

/** Blend weight when the host sets none. */
const WEIGHT = 0;

/** Settings of the user-item-attribute graph walked by personalized PageRank (`graph` in the engine options). */
export const graphSettings = z.object({
  /** Edge weights of item attributes (original genre 0.35, cast 0.25, director 0.20, theme 0.20). */
  attributeWeights: z
    .object({
      genre: z.number().min(0).default(0.35),
      cast: z.number().min(0).default(0.25),
      director: z.number().min(0).default(0.2),
      theme: z.number().min(0).default(0.2),
    })
    .prefault({}),
  /** Probability of restarting at the user's items at each step. @default 0.15 */
  restartProbability: z.number().gt(0).lt(1).default(0.15),
  /**
   * Forward-push tolerance: residual per unit of degree left unspread. Work per request is at
   * most 1 / (tolerance × restartProbability) edge visits. 3e-5 scored best per millisecond
   * on MovieTweetings (bench/results/engine-quality.md). @default 3e-5
   */
  tolerance: z.number().gt(0).lt(1).default(3e-5),
});

/** Options of {@link GraphSource}. */
export type GraphOptions = z.output<typeof graphSettings>;

const ITEM = 'i\u0000';
const USER = 'u\u0000';
const ATTRIBUTE = { genre: 'g\u0000', cast: 'c\u0000', director: 'd\u0000', theme: 't\u0000' } as const;

/**
 * Graph candidates: a user-item-attribute graph (graphology) kept up to date as items and events
 * arrive, and a personalized PageRank walk restarting at the user's own items (weighted by
 * engagement), approximated by forward push over the live graph. Items close to what the user
 * watched, through shared genres, cast, directors, themes or viewers, score highest. The push
 * touches only the user's neighbourhood and needs no index, so events change the next request's
 * walk at no rebuild cost.
 */
export class GraphSource implements Source {
  readonly name = 'graph';
  readonly role = 'personal';
  // Off by default for its cost: 5-10 ms per request (bench/results/recommend.md); on
  // MovieTweetings it adds +0.003 nDCG@10 at weight 0.15 (bench/results/engine-quality.md).
  readonly defaultWeight = WEIGHT;
  readonly reason = 'Connected to what you watch';
  /** Its graph is all items and events: built only once the graph gets a weight. */
  readonly lazy = true;
  private readonly graph = new Graph({ type: 'undirected' });
  private readonly walks = new WeakMap<SourceRequest, Map<string, number>>();
  /** Neighbour lists shared by every walk; a node's entry goes when its edges change. */
  private readonly adjacency = new Map<string, Adjacency>();
  /** Titles by item id, for explanations. */
  private readonly titles = new Map<string, string>();

  constructor(
    private readonly engagement: EngagementParams,
    private readonly options: GraphOptions,
  ) {}

  /** Adds or refreshes items and their attribute edges. */
  addItems(items: readonly ContentItem[]): void {
    for (const item of items) {
      const node = ITEM + item.id;
      this.titles.set(item.id, item.title);
      if (this.graph.hasNode(node)) {
        // Attribute edges are replaced; viewer edges stay.
        this.forgetAround(node);
        for (const edge of this.graph.edges(node)) if (!this.graph.opposite(node, edge).startsWith(USER)) this.graph.dropEdge(edge);
      } else {
        this.graph.addNode(node);
      }
      const link = (kind: keyof typeof ATTRIBUTE, values: readonly string[] | undefined) => {
        for (const value of values ?? []) {
          const attribute = ATTRIBUTE[kind] + value.toLowerCase();
          this.graph.mergeNode(attribute);
          this.graph.mergeEdge(node, attribute, { weight: this.options.attributeWeights[kind] });
          this.adjacency.delete(attribute);
        }
      };
      link('genre', item.genres);
      link('cast', item.cast);
      link('director', item.directors);
      link('theme', item.themes);
    }
  }

  removeItems(ids: readonly string[]): void {
    for (const id of ids) {
      this.dropNode(ITEM + id);
      this.titles.delete(id);
    }
  }

  /** Links viewers to what they watched: the strongest signal per pair, dropped on a dismissal. */
  addEvents(events: readonly TrackedEvent[]): void {
    for (const e of events) {
      const item = ITEM + e.contentId;
      if (!this.graph.hasNode(item)) continue;
      const user = USER + e.userId;
      if (e.type === 'dismiss' || e.type === 'dislike') {
        if (this.graph.hasNode(user) && this.graph.hasEdge(user, item)) {
          this.graph.dropEdge(user, item);
          this.adjacency.delete(user);
          this.adjacency.delete(item);
        }
        continue;
      }
      const weight = eventWeight(e);
      if (weight <= 0) continue;
      this.graph.mergeNode(user);
      const current = this.graph.hasEdge(user, item) ? (this.graph.getEdgeAttribute(user, item, 'weight') as number) : 0;
      if (weight <= current) continue;
      this.graph.mergeEdge(user, item, { weight });
      this.adjacency.delete(user);
      this.adjacency.delete(item);
    }
  }

  forgetUser(userId: string): void {
    this.dropNode(USER + userId);
  }

  private dropNode(node: string): void {
    if (!this.graph.hasNode(node)) return;
    this.forgetAround(node);
    this.graph.dropNode(node);
  }

  /** Drops the cached neighbour lists of `node` and of its neighbours. */
  private forgetAround(node: string): void {
    this.adjacency.delete(node);
    this.graph.forEachNeighbor(node, (neighbor) => this.adjacency.delete(neighbor));
  }

  async candidates(request: SourceRequest): Promise<Candidate[]> {
    const top = new TopK<string>(request.limit);
    for (const [node, score] of this.walk(request)) {
      if (!node.startsWith(ITEM)) continue;
      const id = node.slice(ITEM.length);
      if (!request.excluded.has(id) && !request.interactions.has(id)) top.push(score, id);
    }
    return top.sorted().map(({ score, value }) => ({ itemId: value, score }));
  }

  async score(request: SourceRequest, itemIds: readonly string[]): Promise<Candidate[]> {
    const scores = this.walk(request);
    if (scores.size === 0) return [];
    return itemIds.filter((id) => this.graph.hasNode(ITEM + id)).map((id) => ({ itemId: id, score: scores.get(ITEM + id) ?? 0 }));
  }

  /**
   * Names the path the walk most likely took: an attribute the item shares with one of the
   * user's items ("Shares Robert De Niro with Heat", "Crime, like Heat"), else a viewer who
   * watched both ("Viewers of Heat watched it too"). Items with no such short path get none.
   */
  async explain(request: SourceRequest, itemIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const mine = new Map<string, number>();
    for (const it of request.interactions.values()) {
      const w = interactionEngagement(it, this.engagement);
      if (w > 0 && this.graph.hasNode(ITEM + it.itemId)) mine.set(ITEM + it.itemId, w);
    }
    if (mine.size === 0) return out;
    const titleOf = (node: string) => this.titles.get(node.slice(ITEM.length));
    for (const itemId of itemIds) {
      const node = ITEM + itemId;
      if (!this.graph.hasNode(node)) continue;
      let best: { sentence: string; score: number; rank: number } | undefined;
      this.graph.forEachNeighbor(node, (via, attributes) => {
        const edge = (attributes as { weight?: number }).weight ?? 0;
        this.graph.forEachNeighbor(via, (other) => {
          const w = mine.get(other);
          const title = w !== undefined && other !== node ? titleOf(other) : undefined;
          if (title === undefined) return;
          // The most specific kind of link is named first (a director says more than a genre);
          // within a kind, the path the walk weighs most.
          const rank = SPECIFICITY.indexOf(via.slice(0, 2));
          const score = (w! * this.edgeWeight(via, other) * edge) / this.graph.degree(via);
          if (!best || rank < best.rank || (rank === best.rank && score > best.score)) best = { sentence: pathSentence(via, title), score, rank };
        });
      });
      if (best) out.set(itemId, best.sentence);
    }
    return out;
  }

  private edgeWeight(a: string, b: string): number {
    return this.graph.hasEdge(a, b) ? ((this.graph.getEdgeAttribute(a, b, 'weight') as number) ?? 0) : 0;
  }

  /** The walk for this request, computed once and shared by `candidates` and `score`. */
  private walk(request: SourceRequest): Map<string, number> {
    let scores = this.walks.get(request);
    if (scores) return scores;
    const restart = new Map<string, number>();
    for (const it of request.interactions.values()) {
      const w = interactionEngagement(it, this.engagement);
      if (w > 0) restart.set(ITEM + it.itemId, w);
    }
    scores = forwardPushPageRank(this.graph, restart, {
      restartProbability: this.options.restartProbability,
      tolerance: this.options.tolerance,
      adjacency: this.adjacency,
    });
    this.walks.set(request, scores);
    return scores;
  }
}

/** Kinds of link, most specific first. */
const SPECIFICITY = [ATTRIBUTE.director, ATTRIBUTE.cast, ATTRIBUTE.theme, ATTRIBUTE.genre, USER];

/** The sentence for a path item → `via` → the user's item titled `title`. */
function pathSentence(via: string, title: string): string {
  const value = via.slice(2);
  if (via.startsWith(USER)) return `Viewers of ${title} watched it too`;
  if (via.startsWith(ATTRIBUTE.genre)) return `${capitalise(value)}, like ${title}`;
  return `Shares ${capitalise(value)} with ${title}`;
}

function capitalise(value: string): string {
  return value.replace(/(^|[\s-])(\p{L})/gu, (_m, lead: string, c: string) => lead + c.toUpperCase());
}

/** How strongly an event links a viewer to an item. */
function eventWeight(e: TrackedEvent): number {
  switch (e.type) {
    case 'complete':
    case 'like':
    case 'rate':
      return 1;
    case 'view':
      return e.completion ?? 0.5;
    default:
      return 0.2; // click, play: intent
  }
}

/** Registration of the graph source. */
export const graph = defineSource({
  defaultWeight: WEIGHT,
  name: 'graph',
  settingsKey: 'graph',
  settings: graphSettings,
  create: (ctx, settings) => new GraphSource(ctx.engagement, settings),
});
