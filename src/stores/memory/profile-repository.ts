import type { UserAttributes, UserProfile } from '../../core/types.js';
import type { ProfileRepository } from '../types.js';
import { clone, inBatches } from './batches.js';
import { optionalObject, text } from '../checks.js';
import { checkAttributes, checkProfile } from '../port-checks.js';

/** Profiles and attributes in `Map`s; the reference {@link ProfileRepository}. */
export class MemoryProfileRepository implements ProfileRepository {
  private readonly profiles = new Map<string, UserProfile>();
  private readonly attributes = new Map<string, UserAttributes>();

  async get(userId: string): Promise<UserProfile | undefined> {
    text(userId, 'userId');
    const p = this.profiles.get(userId);
    return p && clone(p);
  }

  async put(profile: UserProfile): Promise<void> {
    checkProfile(profile);
    this.profiles.set(profile.userId, clone(profile));
  }

  async delete(userId: string): Promise<boolean> {
    text(userId, 'userId');
    const hadAttributes = this.attributes.delete(userId);
    return this.profiles.delete(userId) || hadAttributes;
  }

  async getAttributes(userId: string): Promise<UserAttributes | undefined> {
    text(userId, 'userId');
    const a = this.attributes.get(userId);
    return a && clone(a);
  }

  async putAttributes(attributes: UserAttributes): Promise<void> {
    checkAttributes(attributes);
    this.attributes.set(attributes.userId, clone(attributes));
  }

  listAttributes(options: { batchSize?: number } = {}): AsyncIterable<UserAttributes[]> {
    optionalObject(options, 'options');
    return inBatches([...this.attributes.values()].map(clone), options.batchSize);
  }
}
