import { NotFoundError } from '../core/errors.js';
import { idSchema, parseInput } from '../core/schema.js';
import { explainOptionsSchema } from './option-inputs.js';
import { loadHistory } from './profiles.js';
import type { Explanation } from './reports.js';
import type { Runtime } from './runtime.js';

/** `engine.explain`: the user's items behind an item's score, from the first fitted source that can tell. */
export async function explainScore(rt: Runtime, userId: unknown, itemId: unknown, options: unknown): Promise<Explanation> {
  const user = parseInput(idSchema, userId, 'userId');
  const item = parseInput(idSchema, itemId, 'itemId');
  const count = parseInput(explainOptionsSchema, options ?? {}, 'options').count ?? 3;
  const source = rt.sources.explainer();
  if (!source) throw new NotFoundError('model', 'collaborative (run fit() first)');
  const history = await loadHistory(rt.stores, rt.tuning, user);
  const contributions = source.contributions!(history.interactions.values(), item, count);
  if (!contributions) throw new NotFoundError('content', item);
  return { itemId: item, source: source.name, contributions };
}
