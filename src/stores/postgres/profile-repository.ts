import type { UserAttributes, UserProfile } from '../../core/types.js';
import type { ProfileRepository } from '../types.js';
import { BASE64, bytesToVector, EPOCH_MS, fromJson, json, num, vectorToBytes } from './codec.js';
import { storeCall, type SqlExecutor } from './executor.js';
import { optionalObject, text } from '../checks.js';
import { checkAttributes, checkProfile } from '../port-checks.js';

/** Profiles in `sona_user_profiles`; the vector's length is checked by the table. */
export class PostgresProfileRepository implements ProfileRepository {
  constructor(private readonly db: SqlExecutor) {}

  async get(userId: string): Promise<UserProfile | undefined> {
    text(userId, 'userId');
    return storeCall('profile get', async () => {
      const [r] = await this.db.query(
        `SELECT user_id, ${BASE64('preference_vector')}, genre_affinities, temporal_patterns, interaction_count, ${EPOCH_MS('updated_at')} AS ts
         FROM sona_user_profiles WHERE user_id = $1`,
        [userId],
      );
      if (!r) return undefined;
      return {
        userId: r.user_id as string,
        preferenceVector: bytesToVector(r.preference_vector),
        genreAffinities: fromJson(r.genre_affinities),
        temporalPatterns: fromJson(r.temporal_patterns),
        interactionCount: num(r.interaction_count),
        updatedAt: new Date(num(r.ts)),
      };
    });
  }

  async put(p: UserProfile): Promise<void> {
    checkProfile(p);
    return storeCall('profile put', async () => {
      await this.db.query(
        `INSERT INTO sona_user_profiles (user_id, dimension, preference_vector, genre_affinities, temporal_patterns, interaction_count, updated_at)
         VALUES ($1, $2::int, $3::bytea, $4::text::jsonb, $5::text::jsonb, $6::int, to_timestamp($7::float8 / 1000))
         ON CONFLICT (user_id) DO UPDATE SET dimension = excluded.dimension, preference_vector = excluded.preference_vector,
           genre_affinities = excluded.genre_affinities, temporal_patterns = excluded.temporal_patterns,
           interaction_count = excluded.interaction_count, updated_at = excluded.updated_at`,
        [
          p.userId,
          p.preferenceVector.length,
          vectorToBytes(p.preferenceVector),
          json(p.genreAffinities),
          json(p.temporalPatterns),
          p.interactionCount,
          p.updatedAt.getTime(),
        ],
      );
    });
  }

  async delete(userId: string): Promise<boolean> {
    text(userId, 'userId');
    return storeCall('profile delete', () =>
      this.db.transaction(async (tx) => {
        const profiles = await tx.query('DELETE FROM sona_user_profiles WHERE user_id = $1 RETURNING user_id', [userId]);
        const attributes = await tx.query('DELETE FROM sona_user_attributes WHERE user_id = $1 RETURNING user_id', [userId]);
        return profiles.length + attributes.length > 0;
      }),
    );
  }

  async getAttributes(userId: string): Promise<UserAttributes | undefined> {
    text(userId, 'userId');
    return storeCall('attributes get', async () => {
      const [r] = await this.db.query(`SELECT ${ATTRIBUTE_COLUMNS} FROM sona_user_attributes WHERE user_id = $1`, [userId]);
      return r && toAttributes(r);
    });
  }

  async putAttributes(a: UserAttributes): Promise<void> {
    checkAttributes(a);
    return storeCall('attributes put', async () => {
      await this.db.query(
        `INSERT INTO sona_user_attributes (user_id, demographics, preferred_genres, updated_at)
         VALUES ($1, $2::text::jsonb, $3::text::jsonb, to_timestamp($4::float8 / 1000))
         ON CONFLICT (user_id) DO UPDATE SET demographics = excluded.demographics,
           preferred_genres = excluded.preferred_genres, updated_at = excluded.updated_at`,
        [a.userId, json(a.demographics), json(a.preferredGenres), a.updatedAt.getTime()],
      );
    });
  }

  async *listAttributes(options: { batchSize?: number } = {}): AsyncIterable<UserAttributes[]> {
    optionalObject(options, 'options');
    const size = Math.max(1, Math.floor(options.batchSize ?? 1000));
    let after: string | null = null;
    for (;;) {
      const cursor: string | null = after;
      const rows = await storeCall('attributes list', () =>
        this.db.query(`SELECT ${ATTRIBUTE_COLUMNS} FROM sona_user_attributes WHERE ($1::text IS NULL OR user_id > $1) ORDER BY user_id LIMIT $2`, [
          cursor,
          size,
        ]),
      );
      if (rows.length === 0) return;
      yield rows.map(toAttributes);
      after = rows.at(-1)!.user_id as string;
      if (rows.length < size) return;
    }
  }
}

const ATTRIBUTE_COLUMNS = `user_id, demographics, preferred_genres, ${EPOCH_MS('updated_at')} AS ts`;

function toAttributes(r: Record<string, unknown>): UserAttributes {
  return {
    userId: r.user_id as string,
    demographics: fromJson(r.demographics),
    preferredGenres: fromJson(r.preferred_genres),
    updatedAt: new Date(num(r.ts)),
  };
}
