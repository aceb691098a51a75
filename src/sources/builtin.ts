/**
 * The built-in sources, in the order they run. Registering a new built-in source means adding
 * its definition here (and its settings, when it has any, to `BUILTIN_SETTINGS`).
 */
import { alsSettings, collaborative } from './collaborative/index.js';
import { content, contentSettings } from './content/index.js';
import { context } from './context/index.js';
import { demographic } from './demographic/index.js';
import { ease, easeSettings } from './ease/index.js';
import { graph, graphSettings } from './graph/index.js';
import { itemKnn, itemKnnSettings } from './item-knn/index.js';
import { rp3beta, rp3betaSettings } from './rp3beta/index.js';
import { stated } from './stated/index.js';
import { trending, trendingSettings } from './trending/index.js';

/** Every built-in source's definition. */
export const BUILTIN_SOURCES = [content, trending, context, stated, demographic, graph, collaborative, itemKnn, ease, rp3beta] as const;

/** The built-in sources' settings schemas (defaults applied when absent), by their key in the engine options. */
export const BUILTIN_SETTINGS = {
  trending: trendingSettings.prefault({}),
  graph: graphSettings.prefault({}),
  collaborative: alsSettings.prefault({}),
  itemKnn: itemKnnSettings.prefault({}),
  ease: easeSettings.prefault({}),
  rp3beta: rp3betaSettings.prefault({}),
  explanation: contentSettings.prefault({}),
};

/** The built-in sources' default blend weights. */
export const BUILTIN_WEIGHTS: Readonly<Record<string, number>> = Object.fromEntries(BUILTIN_SOURCES.map((d) => [d.name, d.defaultWeight]));

/** The names of the built-in sources. */
export type BuiltinSourceName = (typeof BUILTIN_SOURCES)[number]['name'];
