import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, Record<string, string>>>;
};

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

describe('the built package', () => {
  beforeAll(() => {
    // `.ci/run` builds first; a bare `npm test` on a fresh clone builds here.
    if (!existsSync(resolve(root, 'dist/index.js'))) {
      execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore', timeout: 180_000 });
    }
  }, 200_000);

  it('has every file its exports map names, types first', () => {
    for (const [subpath, entry] of Object.entries(pkg.exports)) {
      if (typeof entry === 'string') {
        expect(existsSync(resolve(root, entry)), entry).toBe(true);
        continue;
      }
      for (const [condition, targets] of Object.entries(entry)) {
        expect(Object.keys(targets)[0], `${subpath} ${condition}`).toBe('types');
        for (const file of Object.values(targets)) expect(existsSync(resolve(root, file)), file).toBe(true);
      }
    }
  });

  it('keeps the first screen small: at most 40 names at the root', () => {
    const declarations = readFileSync(resolve(root, 'dist/index.d.ts'), 'utf8');
    const names = [...declarations.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().split(' as ').at(-1)!));
    expect(names).toContain('createEngine');
    expect(names.length).toBeLessThanOrEqual(40);
  });

  it('can be required (CommonJS) and recommends', () => {
    const out = node([
      '-e',
      `const { createEngine, SonaError, ValidationError } = require('@media-gateway/sona');
       const { MemoryVectorStore } = require('@media-gateway/sona/memory');
       const { vectorStoreSpec } = require('@media-gateway/sona/testing');
       (async () => {
         const engine = await createEngine({ stores: { vectors: new MemoryVectorStore({ dimension: 512 }) } });
         await engine.upsertContent([{ id: 'a', title: 'Heat', genres: ['Crime'] }, { id: 'b', title: 'Ronin', genres: ['Crime'] }]);
         await engine.track({ userId: 'u', contentId: 'a', type: 'complete' });
         const recs = await engine.recommend('u');
         console.log(JSON.stringify({ ids: recs.map((r) => r.itemId), typed: new ValidationError('f', 'm') instanceof SonaError, cases: vectorStoreSpec(() => null).length > 0 }));
       })();`,
    ]);
    expect(JSON.parse(out)).toEqual({ ids: ['b'], typed: true, cases: true });
  });

  it('can be imported (ESM) and recommends', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createEngine } from '@media-gateway/sona';
       import { createMemoryStores } from '@media-gateway/sona/memory';
       const engine = await createEngine({ stores: createMemoryStores({ dimension: 512 }) });
       await engine.upsertContent([{ id: 'a', title: 'Heat' }, { id: 'b', title: 'Ronin' }]);
       console.log(JSON.stringify((await engine.recommend('new-user', { count: 2 })).length));`,
    ]);
    expect(JSON.parse(out)).toBe(2);
  });

  it('ships a working sona binary', () => {
    const out = node([resolve(root, 'dist/cli.js'), '--help']);
    expect(out).toContain('demo');
  });
});
