/**
 * Named algorithms for `sona evaluate` and the benchmarks, with the defaults tuned on a
 * validation split of MovieTweetings (the train part of the 75/25 stratified-by-item split,
 * split again 75/25 with another seed, by a script since replaced by fit()'s tuner). The test
 * split never informed them.
 */
import { AlsModel, ItemKnnModel, PopularityModel, type CollaborativeModel } from '../algorithms/cf/models.js';
import { BlendModel, type BlendMember } from '../algorithms/cf/blend-model.js';
import { ContentModel } from '../algorithms/content/content-model.js';
import { EaseModel } from '../algorithms/cf/ease.js';
import { alsSettings } from '../sources/collaborative/index.js';
import { itemKnnSettings } from '../sources/item-knn/index.js';
import { rp3betaSettings } from '../sources/rp3beta/index.js';
import { Rp3BetaModel } from '../algorithms/cf/rp3beta.js';
import { ValidationError } from '../core/errors.js';
import type { ContentItem } from '../core/types.js';
import { HashingEmbedder } from '../embeddings/hashing-embedder.js';
import { itemText } from '../embeddings/types.js';

/** ALS at the engine's defaults (the ALS source's settings). */
const { enabled: _als, ...TUNED_ALS } = alsSettings.parse({});
/** Item-kNN at the engine's defaults (the item-kNN source's settings). */
const { enabled: _knn, ...TUNED_ITEM_KNN } = itemKnnSettings.parse({});
/** EASE as a reference: dense, λ = 1000 (best of 50 / 200 / 1000 on validation), the 2000 most popular items. */
export const TUNED_EASE = { regularization: 1000, maxItems: 2000, neighbours: 2000 };
/** RP3beta at the engine's defaults (the RP3beta source's settings). */
const { enabled: _rp3, ...RP3BETA } = rp3betaSettings.parse({});
/** Blend weights of the hybrid (popularity / ALS / item-kNN / content). */
export const TUNED_BLEND = { popular: 0.4, als: 0.3, itemKnn: 0.3, content: 0.2, ease: 0.3 };

/** Every algorithm name `sona evaluate --algorithms` accepts. */
export const ALGORITHMS = ['popular', 'als', 'item-knn', 'item-knn-cosine', 'ease', 'rp3beta', 'content', 'hybrid', 'hybrid-ease'] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

/** Makes the named model; `items` (the catalogue) enables content scoring. */
export function createModel(name: string, items?: readonly ContentItem[]): CollaborativeModel {
  switch (name) {
    case 'popular':
      return new PopularityModel();
    case 'als':
      return new AlsModel(TUNED_ALS);
    case 'item-knn':
      return new ItemKnnModel(TUNED_ITEM_KNN);
    case 'item-knn-cosine':
      return new ItemKnnModel({ ...TUNED_ITEM_KNN, weighting: 'cosine' });
    case 'ease':
      return new EaseModel(TUNED_EASE);
    case 'rp3beta':
      return new Rp3BetaModel(RP3BETA);
    case 'content':
      if (!items) throw new ValidationError('--algorithms', "'content' needs an items file (--items)");
      return contentModel(items);
    case 'hybrid':
    case 'hybrid-ease': {
      // 'hybrid' blends exactly the engine's default sources; 'hybrid-ease' adds EASE, which the
      // engine does not run (its dense O(m³) fit is too slow for the default set-up).
      const members: BlendMember[] = [
        { model: new PopularityModel(), weight: TUNED_BLEND.popular },
        { model: new AlsModel(TUNED_ALS), weight: TUNED_BLEND.als },
        { model: new ItemKnnModel(TUNED_ITEM_KNN), weight: TUNED_BLEND.itemKnn },
      ];
      if (items) members.push({ model: contentModel(items), weight: TUNED_BLEND.content });
      if (name === 'hybrid-ease') members.push({ model: new EaseModel(TUNED_EASE), weight: TUNED_BLEND.ease });
      return new BlendModel(members, 100, name);
    }
    default:
      throw new ValidationError('--algorithms', `unknown algorithm ${JSON.stringify(name)}; choose from ${ALGORITHMS.join(', ')}`);
  }
}

function contentModel(items: readonly ContentItem[]): ContentModel {
  const embedder = new HashingEmbedder();
  const byId = new Map(items.map((item) => [item.id, item]));
  const cache = new Map<string, Float32Array>();
  return new ContentModel(
    (id) => {
      const item = byId.get(id);
      if (!item) return undefined;
      let v = cache.get(id);
      if (!v) cache.set(id, (v = embedder.embedOne(itemText(item))));
      return v;
    },
    () => {
      embedder.fit(items.map(itemText));
      cache.clear();
    },
  );
}
