import { createHash } from 'node:crypto';

/**
 * The provenance of an item's vector: the model id in clear (so an operator can see which model
 * made it) and a digest of the text it was made from.
 */
export function vectorFingerprint(modelId: string, text: string): string {
  return `${modelId}#${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}
