import { afterAll, beforeAll } from 'vitest';
import { createPgliteStores, type PgliteStores } from '../../src/stores/pglite/index.js';
import { postgresConformance } from './postgres-suites.js';

let stores: PgliteStores;
beforeAll(async () => {
  stores = await createPgliteStores({ dimension: 4 });
}, 60_000);
afterAll(async () => {
  await stores?.close();
});

postgresConformance('PGlite', () => stores.executor);
