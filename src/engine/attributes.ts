import type { TrackedEvent, UserAttributes } from '../core/types.js';
import type { SourceRegistry } from '../sources/registry.js';
import type { StoreSet } from '../stores/types.js';
import type { Tuning } from './config.js';
import type { AttributesUpdate } from './inputs.js';

/**
 * The host-given attributes of users (demographics, stated genres): stored through the profile
 * repository, and kept in process for every user who has any, so requests read them without a
 * store call and sources that count by attribute (demographic groups) hear of every change.
 */
export class AttributeService {
  private readonly known = new Map<string, UserAttributes>();

  constructor(
    private readonly stores: StoreSet,
    private readonly tuning: Tuning,
    private readonly sources: SourceRegistry,
    private readonly clock: () => number,
  ) {}

  /**
   * Reads every stored user's attributes; call before replaying events. `replace`: users this
   * instance knew whose attributes are no longer stored (forgotten meanwhile) are dropped.
   */
  async load(options: { replace?: boolean } = {}): Promise<void> {
    const listed = new Set<string>();
    for await (const batch of this.stores.profiles.listAttributes({ batchSize: 5000 })) {
      for (const a of batch) {
        listed.add(a.userId);
        await this.remember(a);
      }
    }
    if (!options.replace) return;
    for (const userId of [...this.known.keys()]) {
      if (listed.has(userId)) continue;
      this.forget(userId);
      this.sources.forgetUser(userId);
    }
  }

  of(userId: string): UserAttributes | undefined {
    return this.known.get(userId);
  }

  /** Stores a validated update (given fields replace stored ones) and tells the sources. */
  async update(userId: string, update: AttributesUpdate): Promise<UserAttributes> {
    const current = this.known.get(userId) ?? (await this.stores.profiles.getAttributes(userId));
    const next: UserAttributes = {
      userId,
      demographics: update.demographics ?? current?.demographics ?? {},
      preferredGenres: update.preferredGenres ?? current?.preferredGenres ?? [],
      updatedAt: new Date(this.clock()),
    };
    await this.stores.profiles.putAttributes(next);
    // A user joining a demographic group brings their recent events to its counts.
    await this.remember(next, () => this.stores.events.listByUser(userId, { limit: this.tuning.profile.historyLimit }));
    await this.stores.cache.invalidateUser(userId);
    return structuredClone(next);
  }

  /** Reads a user's attributes again (another instance changed them). */
  async reload(userId: string): Promise<void> {
    const stored = await this.stores.profiles.getAttributes(userId);
    if (stored) await this.remember(stored, () => this.stores.events.listByUser(userId, { limit: this.tuning.profile.historyLimit }));
    else this.forget(userId);
  }

  forget(userId: string): void {
    this.known.delete(userId);
  }

  private async remember(a: UserAttributes, history?: () => Promise<readonly TrackedEvent[]>): Promise<void> {
    if (Object.keys(a.demographics).length === 0 && a.preferredGenres.length === 0) this.known.delete(a.userId);
    else this.known.set(a.userId, a);
    await this.sources.setUserAttributes(a, history);
  }
}
