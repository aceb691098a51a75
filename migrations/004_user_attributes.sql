-- What a host knows about a user beyond their viewing: demographics and stated genre preferences.
-- Kept apart from sona_user_profiles because a user can have attributes before any event.
CREATE TABLE sona_user_attributes (
  user_id          text PRIMARY KEY,
  demographics     jsonb NOT NULL DEFAULT '{}',
  preferred_genres jsonb NOT NULL DEFAULT '[]',
  updated_at       timestamptz NOT NULL
);
