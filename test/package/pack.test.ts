import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The published artefact, as a host app gets it: `npm pack`, then `npm install <tarball>` into a
// fresh project without any optional peer (no postgres, PGlite, onnxruntime, Qdrant client).
const root = resolve(import.meta.dirname, '../..');
let app = '';

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  // `.ci/run` builds first; a bare `npm test` on a fresh clone builds here.
  if (!existsSync(resolve(root, 'dist/index.js'))) run('npx', ['tsup'], root);
  app = mkdtempSync(join(tmpdir(), 'sona-host-'));
  // --ignore-scripts: packing must not rebuild dist/ while other test files read it.
  const tarball = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', app], root).trim().split('\n').at(-1)!;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `./${tarball}`, '@types/node@20'], app);
}, 400_000);

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the packed tarball in a fresh project', () => {
  it('imports as ESM and recommends, with no optional peer installed', () => {
    for (const peer of ['postgres', '@electric-sql/pglite', 'onnxruntime-node', '@qdrant/js-client-rest']) {
      expect(existsSync(join(app, 'node_modules', peer)), peer).toBe(false);
    }
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { createEngine } from '@media-gateway/sona';
       const engine = await createEngine();
       await engine.upsertContent([{ id: 'heat', title: 'Heat', genres: ['Crime'] }, { id: 'ronin', title: 'Ronin', genres: ['Crime'] }]);
       await engine.track({ userId: 'u', contentId: 'heat', type: 'complete' });
       console.log(JSON.stringify((await engine.recommend('u')).map((r) => r.itemId)));`,
    );
    expect(JSON.parse(run(process.execPath, ['esm.mjs'], app))).toEqual(['ronin']);
  });

  it('requires as CommonJS and recommends', () => {
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const { createEngine, SonaError } = require('@media-gateway/sona');
       const { createMemoryStores } = require('@media-gateway/sona/memory');
       createEngine({ stores: createMemoryStores({ dimension: 512 }) }).then(async (engine) => {
         await engine.upsertContent({ id: 'up', title: 'Up' });
         const error = await engine.recommend('').catch((e) => e);
         console.log(JSON.stringify({ count: (await engine.recommend('new')).length, typed: error instanceof SonaError && error.code }));
       });`,
    );
    expect(JSON.parse(run(process.execPath, ['cjs.cjs'], app))).toEqual({ count: 1, typed: 'SONA_VALIDATION' });
  });

  it('type-checks a strict TypeScript file against the shipped declarations', () => {
    writeFileSync(
      join(app, 'host.ts'),
      `import { createEngine, SonaError, type Recommendation, type SonaEngine } from '@media-gateway/sona';
       import { createMemoryStores } from '@media-gateway/sona/memory';
       import { vectorStoreSpec } from '@media-gateway/sona/testing';
       const engine: SonaEngine = await createEngine({ stores: createMemoryStores({ dimension: 512 }) });
       const recs: Recommendation[] = await engine.recommend('u', { count: 5, context: { device: 'tv' } });
       const first: string | undefined = recs[0]?.itemId;
       const cases: number = vectorStoreSpec(() => createMemoryStores({ dimension: 4 }).vectors).length;
       export const facts = { first, cases, isError: (e: unknown) => e instanceof SonaError };
       // @ts-expect-error: count must be a number
       await engine.recommend('u', { count: 'five' });`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
        files: ['host.ts'],
      }),
    );
    run(resolve(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);
  });

  it('ships the sona command', () => {
    expect(run(join(app, 'node_modules/.bin/sona'), ['--help'], app)).toMatch(/evaluate/);
  });
});
