import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the package's bundled `data/<name>` folder by walking up from this module, so it works
 * both from the sources (src/cli/…) and from the build (dist/cli.js).
 */
export function bundledDataDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', name);
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error(`bundled data folder data/${name} not found`);
}
