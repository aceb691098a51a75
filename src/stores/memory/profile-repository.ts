import type { UserProfile } from '../../core/types.js';
import type { ProfileRepository } from '../types.js';
import { clone } from './batches.js';

/** Profiles in a `Map`; the reference {@link ProfileRepository}. */
export class MemoryProfileRepository implements ProfileRepository {
  private readonly profiles = new Map<string, UserProfile>();

  async get(userId: string): Promise<UserProfile | undefined> {
    const p = this.profiles.get(userId);
    return p && clone(p);
  }

  async put(profile: UserProfile): Promise<void> {
    this.profiles.set(profile.userId, clone(profile));
  }

  async delete(userId: string): Promise<boolean> {
    return this.profiles.delete(userId);
  }
}
