/**
 * Progress reports to the host, kept from changing the work they describe. A callback that
 * throws is the host's bug in what it shows, not a reason to stop or alter a fit: unguarded, a
 * throw during training failed the source being trained, which then left the model snapshot
 * (other instances served without it), and at other stages it rejected the fit half way.
 */
import type { Progress } from '../core/types.js';

/**
 * `options` with its `onProgress` guarded: a throw goes to `onError` (the first only, since a
 * callback that throws once tends to throw at every step) and the work goes on.
 */
export function guardProgress<T extends { onProgress?: ((progress: Progress) => void) | undefined }>(options: T, onError: (error: unknown) => void): T {
  const { onProgress } = options;
  if (!onProgress) return options;
  let told = false;
  return {
    ...options,
    onProgress: (progress: Progress) => {
      try {
        onProgress(progress);
      } catch (error) {
        if (!told) onError(error);
        told = true;
      }
    },
  };
}
