import type { Tuning } from '../core/config.js';
import type { UserAttributes } from '../core/types.js';
import { validateAttributesUpdate } from '../core/validate.js';
import type { StoreSet } from '../stores/types.js';
import type { DemographicSource } from './sources/demographic.js';

/**
 * The host-given attributes of users (demographics, stated genres): stored through the profile
 * repository, and kept in process for every user who has any, so requests read them without a
 * store call and the demographic groups can be counted as events arrive.
 */
export class AttributeService {
  private readonly known = new Map<string, UserAttributes>();

  constructor(
    private readonly stores: StoreSet,
    private readonly tuning: Tuning,
    private readonly demographic: DemographicSource,
    private readonly clock: () => number,
  ) {}

  /** Reads every stored user's attributes; call before replaying events. */
  async load(): Promise<void> {
    for await (const batch of this.stores.profiles.listAttributes({ batchSize: 5000 })) {
      for (const a of batch) this.remember(a);
    }
  }

  of(userId: string): UserAttributes | undefined {
    return this.known.get(userId);
  }

  /**
   * Validates and stores an update (given fields replace stored ones); a user joining a
   * demographic group brings their recent events to its counts.
   */
  async update(userId: string, input: unknown): Promise<UserAttributes> {
    const update = validateAttributesUpdate(input);
    const current = this.known.get(userId) ?? (await this.stores.profiles.getAttributes(userId));
    const next: UserAttributes = {
      userId,
      demographics: update.demographics ?? current?.demographics ?? {},
      preferredGenres: update.preferredGenres ?? current?.preferredGenres ?? [],
      updatedAt: new Date(this.clock()),
    };
    await this.stores.profiles.putAttributes(next);
    const joined = this.remember(next);
    if (joined.length > 0) {
      const history = await this.stores.events.listByUser(userId, { limit: this.tuning.profile.historyLimit });
      this.demographic.addEvents(history, joined);
    }
    await this.stores.cache.invalidateUser(userId);
    return structuredClone(next);
  }

  forget(userId: string): void {
    this.known.delete(userId);
    this.demographic.forgetUser(userId);
  }

  private remember(a: UserAttributes): string[] {
    if (Object.keys(a.demographics).length === 0 && a.preferredGenres.length === 0) this.known.delete(a.userId);
    else this.known.set(a.userId, a);
    return this.demographic.setUser(a.userId, a.demographics);
  }
}
