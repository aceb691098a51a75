import { defineConfig } from 'tsup';

/** Drivers are optional peers: never bundled. */
const OPTIONAL_PEERS = [
  'pg',
  'postgres',
  '@electric-sql/pglite',
  '@electric-sql/pglite-pgvector',
  'onnxruntime-node',
  '@huggingface/tokenizers',
  '@qdrant/js-client-rest',
];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      sources: 'src/sources/index.ts',
      stores: 'src/stores/index.ts',
      memory: 'src/stores/memory/index.ts',
      embeddings: 'src/embeddings/index.ts',
      experiments: 'src/experiments/index.ts',
      evaluation: 'src/evaluation/index.ts',
      types: 'src/types.ts',
      testing: 'src/testing/index.ts',
      postgres: 'src/stores/postgres/index.ts',
      pglite: 'src/stores/pglite/index.ts',
      onnx: 'src/onnx.ts',
      qdrant: 'src/stores/qdrant/index.ts',
    },
    external: OPTIONAL_PEERS,
    // import.meta.url (used to find the migrations folder) in the CommonJS build.
    shims: true,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    external: OPTIONAL_PEERS,
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
