// The README's quickstart: `npx tsx examples/quickstart.ts`.
import { createEngine } from '../src/index.js';

const engine = await createEngine();
await engine.upsertContent([
  { id: 'heat', title: 'Heat', genres: ['Crime', 'Thriller'], cast: ['Al Pacino', 'Robert De Niro'] },
  { id: 'ronin', title: 'Ronin', genres: ['Crime', 'Action'], cast: ['Robert De Niro'] },
  { id: 'up', title: 'Up', genres: ['Animation', 'Family'] },
]);
await engine.track({ userId: 'u1', contentId: 'heat', type: 'complete', rating: 5 });

const recs = await engine.recommend('u1', { count: 5 });
console.log(JSON.stringify(recs, null, 2));
