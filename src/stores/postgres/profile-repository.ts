import type { UserProfile } from '../../core/types.js';
import type { ProfileRepository } from '../types.js';
import { bytesToVector, EPOCH_MS, fromJson, json, num, vectorToBytes } from './codec.js';
import { storeCall, type SqlExecutor } from './executor.js';

/** Profiles in `sona_user_profiles`; the vector's length is checked by the table. */
export class PostgresProfileRepository implements ProfileRepository {
  constructor(private readonly db: SqlExecutor) {}

  get(userId: string): Promise<UserProfile | undefined> {
    return storeCall('profile get', async () => {
      const [r] = await this.db.query(
        `SELECT user_id, preference_vector, genre_affinities, temporal_patterns, interaction_count, ${EPOCH_MS('updated_at')} AS ts
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

  put(p: UserProfile): Promise<void> {
    return storeCall('profile put', async () => {
      await this.db.query(
        `INSERT INTO sona_user_profiles (user_id, dimension, preference_vector, genre_affinities, temporal_patterns, interaction_count, updated_at)
         VALUES ($1, $2::int, $3::bytea, $4::text::jsonb, $5::text::jsonb, $6::int, to_timestamp($7::float8 / 1000))
         ON CONFLICT (user_id) DO UPDATE SET dimension = excluded.dimension, preference_vector = excluded.preference_vector,
           genre_affinities = excluded.genre_affinities, temporal_patterns = excluded.temporal_patterns,
           interaction_count = excluded.interaction_count, updated_at = excluded.updated_at`,
        [p.userId, p.preferenceVector.length, vectorToBytes(p.preferenceVector), json(p.genreAffinities), json(p.temporalPatterns), p.interactionCount, p.updatedAt.getTime()],
      );
    });
  }

  delete(userId: string): Promise<boolean> {
    return storeCall('profile delete', async () => (await this.db.query('DELETE FROM sona_user_profiles WHERE user_id = $1 RETURNING user_id', [userId])).length > 0);
  }
}
