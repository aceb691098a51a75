import { describe, it } from 'vitest';
import { resolveTuning } from '../../src/engine/config.js';
import { BUILTIN_SOURCES } from '../../src/sources/builtin.js';
import type { Source, SourceContext } from '../../src/sources/source.js';
import { sourceSpec } from '../../src/testing/index.js';
import { editorialSource } from '../../examples/custom-source.js';

const tuning = resolveTuning({}) as unknown as Record<string, unknown>;
/** Sources that learn taste from events rank each checkerboard user's missing item first. */
const LEARNS_TASTE = new Set(['collaborative', 'item-knn', 'graph']);

for (const definition of BUILTIN_SOURCES) {
  describe(`source spec: ${definition.name}`, () => {
    const make = (context: SourceContext) =>
      (definition.create as (c: SourceContext, s: unknown) => Source)(context, definition.settingsKey ? tuning[definition.settingsKey] : undefined);
    for (const c of sourceSpec(make, { learnsTaste: LEARNS_TASTE.has(definition.name) })) it(c.name, c.run);
  });
}

describe('source spec: the custom-source example (editorial picks)', () => {
  for (const c of sourceSpec(() => editorialSource(['i3', 'i14', 'i7']))) it(c.name, c.run);
});
