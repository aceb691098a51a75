import { describe, it } from 'vitest';
import type { ConformanceCase } from '../../src/testing/index.js';

/** Registers a conformance suite's cases as one vitest describe block. */
export function registerSuite(name: string, cases: ConformanceCase[]): void {
  describe(name, () => {
    for (const c of cases) it(c.name, c.run);
  });
}
