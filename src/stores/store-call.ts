import { SonaError, StoreError } from '../core/errors.js';

/** Runs a backend call, turning any non-SONA failure into a {@link StoreError} naming `what`. */
export async function storeCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SonaError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new StoreError(`${what} failed: ${detail}`, { cause: err });
  }
}
