import type { TrackedEvent } from '../../core/types.js';

/**
 * How much an event counts towards an item's popularity: attention counts once, whatever its
 * kind; rejections (dislike, dismiss) do not count.
 */
export function interestWeight(event: Pick<TrackedEvent, 'type'>): number {
  return event.type === 'dislike' || event.type === 'dismiss' ? 0 : 1;
}
