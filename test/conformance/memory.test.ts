import { registerSuite as run } from './register.js';
import {
  MemoryContentRepository,
  MemoryEventRepository,
  MemoryExperimentRepository,
  MemoryLoraAdapterRepository,
  MemoryModelRepository,
  MemoryProfileRepository,
  MemoryRecommendationCache,
  MemoryVectorStore,
} from '../../src/stores/memory/index.js';
import {
  contentRepositorySpec,
  eventRepositorySpec,
  experimentRepositorySpec,
  loraAdapterRepositorySpec,
  modelRepositorySpec,
  profileRepositorySpec,
  recommendationCacheSpec,
  vectorStoreSpec,
} from '../../src/testing/index.js';

run(
  'MemoryContentRepository',
  contentRepositorySpec(() => new MemoryContentRepository()),
);
run(
  'MemoryEventRepository',
  eventRepositorySpec(() => new MemoryEventRepository()),
);
run(
  'MemoryProfileRepository',
  profileRepositorySpec(() => new MemoryProfileRepository()),
);
run(
  'MemoryVectorStore',
  vectorStoreSpec(() => new MemoryVectorStore({ dimension: 4 })),
);
run(
  'MemoryVectorStore (384 dims)',
  vectorStoreSpec(() => new MemoryVectorStore({ dimension: 384 }), { dimension: 384 }),
);
run(
  'MemoryModelRepository',
  modelRepositorySpec(() => new MemoryModelRepository()),
);
run(
  'MemoryLoraAdapterRepository',
  loraAdapterRepositorySpec(() => new MemoryLoraAdapterRepository()),
);
run(
  'MemoryExperimentRepository',
  experimentRepositorySpec(() => new MemoryExperimentRepository()),
);
run(
  'MemoryRecommendationCache',
  recommendationCacheSpec(() => new MemoryRecommendationCache()),
);
