/**
 * A fingerprint of a user's history, part of a kept candidate list's stamp: a list is current
 * only while the history the personal sources read is the same.
 */
import type { UserProfile } from '../../core/types.js';
import type { SourceRequest } from '../../sources/source.js';

/**
 * A fingerprint of everything of the user's that personal sources read: the folded interactions
 * and the stored profile. Equal fingerprints mean the same history, as far as a hash can tell.
 */
export function historyFingerprint(interactions: SourceRequest['interactions'], profile: UserProfile | undefined): string {
  let vector = 0;
  if (profile) profile.preferenceVector.forEach((v, i) => (vector += v * (i + 1)));
  return `${interactions.size}:${interactionsHash(interactions)}:${profile?.interactionCount ?? -1}:${profile?.updatedAt.getTime() ?? -1}:${vector}`;
}

/** Hashes of folded interaction maps: a reused history (see HistoryMemo) is hashed once. */
const hashes = new WeakMap<SourceRequest['interactions'], number>();

function interactionsHash(interactions: SourceRequest['interactions']): number {
  const known = hashes.get(interactions);
  if (known !== undefined) return known;
  let h = 0x811c9dc5;
  const mix = (n: number) => {
    h = Math.imul(h ^ (n | 0), 0x01000193);
    h = Math.imul(h ^ ((n / 4_294_967_296) | 0), 0x01000193);
  };
  for (const it of interactions.values()) {
    for (let i = 0; i < it.itemId.length; i++) mix(it.itemId.charCodeAt(i));
    mix(it.lastTimestamp);
    mix(it.firstTimestamp);
    mix(it.lastPositiveTimestamp ?? -1);
    mix(it.eventCount);
    mix(Math.round((it.completion ?? -1) * 1e6));
    mix(Math.round((it.rating ?? -1) * 1e6));
    mix((it.liked === undefined ? 0 : it.liked ? 1 : 2) | (it.rewatch ? 4 : 0) | (it.dismissed ? 8 : 0) | (it.intentOnly ? 16 : 0));
  }
  hashes.set(interactions, h >>> 0);
  return h >>> 0;
}
