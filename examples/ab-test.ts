// An A/B test end to end on simulated users: `npx tsx examples/ab-test.ts`.
// First an offline replay of the two variants on held-out events, then a live experiment where
// simulated users click what matches their taste, then the results table.
import { DEFAULTS, createEngine, type ContentItem, type ViewingEvent } from '../src/index.js';
import { replayVariants, variantTuning } from '../src/evaluation/index.js';
import { createMemoryStores } from '../src/stores/memory/index.js';

const GENRES = ['Crime', 'Comedy', 'Drama', 'Family', 'Horror', 'Romance', 'Sci-Fi', 'Documentary'];
let seed = 1;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const catalog: ContentItem[] = Array.from({ length: 400 }, (_, i) => ({
  id: `film-${i}`,
  title: `Film ${i}`,
  genres: [GENRES[i % GENRES.length]!],
  popularity: random(),
}));
const taste = (user: number) => GENRES[user % GENRES.length]!;
const likes = (user: number, itemId: string) => catalog[Number(itemId.slice(5))]!.genres![0] === taste(user);

const T0 = Date.UTC(2025, 0, 1);
const history: ViewingEvent[] = [];
const heldOut = new Map<string, Set<string>>();
for (let u = 0; u < 200; u++) {
  const mine = catalog
    .filter((c) => c.genres![0] === taste(u))
    .sort(() => random() - 0.5)
    .slice(0, 12);
  mine.slice(0, 9).forEach((c, i) => history.push({ userId: `user-${u}`, contentId: c.id, type: 'complete', timestamp: T0 + i * 60_000 }));
  heldOut.set(`user-${u}`, new Set(mine.slice(9).map((c) => c.id)));
}

const stores = createMemoryStores({ dimension: 512 });
const engine = await createEngine({ stores, clock: () => T0 + 86_400_000, experiments: { refreshMs: 0 } });
await engine.upsertContent(catalog);
await engine.track(history);

const variants = [
  { name: 'control', config: {} },
  { name: 'content-heavy', config: { weights: { content: 0.8, trending: 0.1 } } },
];

// 1. Offline replay: the same users, the same held-out items, both variants.
const replay = await replayVariants({
  variants,
  heldOut,
  recommender: (config) => createEngine({ stores, embedder: engine.embedder, clock: () => T0 + 86_400_000, ...variantTuning(config, DEFAULTS.blend.weights) }),
});
console.log('Offline replay (nDCG@10 on held-out events, paired 95% interval):');
for (const v of replay) {
  const d = v.vsControl;
  console.log(
    `  ${v.name.padEnd(14)} ${v.ndcg.toFixed(4)}${d ? `  diff ${d.difference.toFixed(4)} [${d.interval.low.toFixed(4)}, ${d.interval.high.toFixed(4)}]` : ''}`,
  );
}

// 2. Live: users are assigned, served, and click what they like among the top three.
const experiment = await engine.experiments.create({ name: 'content-heavy', variants: variants.map((v) => ({ ...v, weight: 0.5 })) });
await engine.experiments.start(experiment.id);
for (let u = 0; u < 200; u++) {
  const recs = await engine.recommend(`user-${u}`, { count: 10 });
  const clicked = recs.slice(0, 3).find((r) => likes(u, r.itemId) && random() < 0.6);
  if (clicked) await engine.track({ userId: `user-${u}`, contentId: clicked.itemId, type: 'click', timestamp: T0 + 86_400_000 });
}

// 3. Results.
const results = await engine.experimentResults(experiment.id, { metric: 'click' });
console.log(
  `\nLive experiment "${results.name}", metric ${results.metric} (sample ratio p = ${results.sampleRatio.pValue.toFixed(3)}${results.sampleRatio.mismatch ? ', MISMATCH' : ''}):`,
);
console.log('  variant         users  exposed  rate    95% interval     lift    p-value');
for (const v of results.variants) {
  const c = v.vsControl;
  console.log(
    `  ${v.name.padEnd(14)} ${String(v.users).padStart(6)} ${String(v.exposedUsers).padStart(8)}  ${v.conversion.rate.toFixed(3)}  [${v.conversion.interval.low.toFixed(3)}, ${v.conversion.interval.high.toFixed(3)}]` +
      (c ? `  ${c.rateLift ? `${(c.rateLift.lift * 100).toFixed(1)}%` : 'n/a'}  ${c.rate.pValue.toFixed(4)}` : '  (control)'),
  );
}
await engine.close();
