import type { z } from 'zod';
import type { Source, SourceContext } from './source.js';

/**
 * A built-in source as the engine registers it: its name, the slice of the engine options that
 * configures it (validated by its own schema, defaults included) and how to make it.
 */
export interface SourceDefinition<S = undefined> {
  readonly name: string;
  /** Blend weight when the host configures none (the source's own `defaultWeight`). */
  readonly defaultWeight: number;
  /** Key of its settings in the engine options, e.g. `collaborative`; absent when it has none. */
  readonly settingsKey?: string;
  readonly settings?: z.ZodType<S>;
  create(context: SourceContext, settings: S): Source;
}

/** Typing helper for a definition with settings. */
export function defineSource<S>(definition: SourceDefinition<S>): SourceDefinition<S> {
  return definition;
}
