/**
 * The checkerboard: the smallest data set with an unmistakable answer. Two taste blocks of 10
 * users and 10 items each (`crime` and `family`); every user watched all but one item of their
 * block, and nothing of the other. Any sound personal source ranks each user's missing item
 * first; hosts use it to test their own sources and stores.
 */
import type { ContentItem, TrackedEvent } from '../core/types.js';

/** Users per block and items per block. */
export const CHECKERBOARD_SIZE = 10;

/** The 20 items: `i0`..`i9` are crime films, `i10`..`i19` family films. */
export function checkerboardItems(): ContentItem[] {
  return Array.from({ length: 2 * CHECKERBOARD_SIZE }, (_, i) => {
    const crime = i < CHECKERBOARD_SIZE;
    return {
      id: `i${i}`,
      title: `${crime ? 'Crime' : 'Family'} film ${i}`,
      genres: [crime ? 'Crime' : 'Family'],
      cast: [crime ? 'Robert De Niro' : 'Tom Hanks'],
    };
  });
}

/**
 * The 180 events, one `complete` per (user, item) a day apart: user `uN` watched every item of
 * their block but `checkerboardMissing('uN')`.
 */
export function checkerboardEvents(start = Date.UTC(2024, 0, 1)): TrackedEvent[] {
  const events: TrackedEvent[] = [];
  for (let u = 0; u < 2 * CHECKERBOARD_SIZE; u++) {
    const block = u < CHECKERBOARD_SIZE ? 0 : CHECKERBOARD_SIZE;
    for (let i = 0; i < CHECKERBOARD_SIZE; i++) {
      if (i === u % CHECKERBOARD_SIZE) continue;
      const itemId = `i${block + i}`;
      events.push({
        id: `u${u}-${itemId}`,
        userId: `u${u}`,
        contentId: itemId,
        type: 'complete',
        completion: 1,
        rewatch: false,
        timestamp: start + (u * CHECKERBOARD_SIZE + i) * 86_400_000,
      });
    }
  }
  return events;
}

/** The item user `userId` did not watch in their block: the right first recommendation. */
export function checkerboardMissing(userId: string): string {
  const u = Number(userId.slice(1));
  return `i${(u < CHECKERBOARD_SIZE ? 0 : CHECKERBOARD_SIZE) + (u % CHECKERBOARD_SIZE)}`;
}
