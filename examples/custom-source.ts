// A host's own recommendation source: editors' picks blended with the built-in sources.
// `npx tsx examples/custom-source.ts`
//
// A source is one object: a name, a role (how its weight follows the user's history), a default
// weight and `candidates()`. Everything else (scoring others' candidates, explanations, training,
// snapshots) is optional. It is checked like the built-in ones by `sourceSpec` in /testing.
import { fileURLToPath } from 'node:url';
import { createEngine, type Candidate, type Source, type SourceRequest } from '../src/index.js';

/** Editors' picks, in their order: shown to everyone, new or regular, as "Staff pick". */
export function editorialSource(picks: readonly string[]): Source {
  const rank = new Map(picks.map((id, i) => [id, picks.length - i]));
  const candidate = (itemId: string): Candidate => ({ itemId, score: rank.get(itemId) ?? 0, reason: 'Staff pick' });
  return {
    name: 'editorial',
    role: 'ambient',
    defaultWeight: 0.3,
    async candidates(request: SourceRequest) {
      return picks
        .filter((id) => !request.excluded.has(id))
        .slice(0, request.limit)
        .map(candidate);
    },
    // Scoring the other sources' candidates lets the blend see the pick on every item.
    async score(_request: SourceRequest, itemIds: readonly string[]) {
      return itemIds.filter((id) => rank.has(id)).map(candidate);
    },
  };
}

async function main(): Promise<void> {
  const engine = await createEngine({ sources: [editorialSource(['coco', 'up', 'casino', 'heat'])] });
  await engine.upsertContent([
    { id: 'heat', title: 'Heat', genres: ['Crime', 'Thriller'], cast: ['Al Pacino', 'Robert De Niro'] },
    { id: 'ronin', title: 'Ronin', genres: ['Crime', 'Action'], cast: ['Robert De Niro'] },
    { id: 'casino', title: 'Casino', genres: ['Crime', 'Drama'], cast: ['Robert De Niro'] },
    { id: 'up', title: 'Up', genres: ['Animation', 'Family'] },
    { id: 'coco', title: 'Coco', genres: ['Animation', 'Family', 'Music'] },
  ]);
  await engine.track({ userId: 'u1', contentId: 'heat', type: 'complete', rating: 5 });

  const detailed = await engine.recommendDetailed('u1', { count: 3 });
  for (const item of detailed.items) console.log(`${item.itemId}: ${item.explanation} (${item.sources.map((s) => s.source).join(', ')})`);
  const editorial = detailed.sources.find((s) => s.source === 'editorial')!;
  console.log(`editorial weight ${editorial.weight.toFixed(2)}, ${editorial.candidates} candidates`);

  // Experiments treat it like any source: this variant serves editors' picks and trending only.
  await engine.experiments.create({
    name: 'picks-only',
    seed: 'editorial-demo',
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'picks', weight: 0.5, config: { sources: ['editorial', 'trending'] } },
    ],
  });
  await engine.experiments.start('picks-only');
  const assigned = await engine.experiments.assign('picks-only', 'u1');
  const served = await engine.recommendDetailed('u1', { count: 3 });
  console.log(
    `in variant ${assigned!.variant.name}: ${served.sources
      .filter((s) => s.weight > 0)
      .map((s) => s.source)
      .join(', ')}`,
  );
  await engine.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
