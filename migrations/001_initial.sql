-- SONA schema, version 1. Forward-only: later changes come as new numbered files.
-- Ids are the host's own strings (text). Vectors are little-endian float32 arrays in bytea, so
-- they round-trip bit-exactly on any PostgreSQL without extensions.

CREATE TABLE sona_content (
  id               text COLLATE "C" PRIMARY KEY,
  title            text NOT NULL,
  description      text,
  genres           jsonb,
  cast_members     jsonb,
  directors        jsonb,
  themes           jsonb,
  release_year     integer,
  popularity       double precision CHECK (popularity BETWEEN 0 AND 1),
  runtime_minutes  double precision CHECK (runtime_minutes >= 0),
  metadata         jsonb,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sona_content_popularity_idx ON sona_content (popularity DESC NULLS LAST);
CREATE INDEX sona_content_genres_idx ON sona_content USING gin (genres jsonb_path_ops);

CREATE TABLE sona_events (
  -- The idempotency key: a retried event with the same id is stored once.
  id           text COLLATE "C" PRIMARY KEY,
  seq          bigserial NOT NULL UNIQUE,
  user_id      text NOT NULL,
  content_id   text NOT NULL,
  type         text NOT NULL CHECK (type IN ('view', 'complete', 'rate', 'like', 'dislike', 'dismiss', 'click', 'play')),
  completion   double precision CHECK (completion BETWEEN 0 AND 1),
  rating       double precision CHECK (rating <> 'NaN'::float8 AND rating BETWEEN -1e9 AND 1e9),
  rewatch      boolean NOT NULL DEFAULT false,
  occurred_at  timestamptz NOT NULL,
  context      jsonb
);
CREATE INDEX sona_events_user_time_idx ON sona_events (user_id, occurred_at DESC, id DESC);
CREATE INDEX sona_events_content_idx ON sona_events (content_id);

CREATE TABLE sona_user_profiles (
  user_id            text PRIMARY KEY,
  dimension          integer NOT NULL CHECK (dimension > 0),
  preference_vector  bytea NOT NULL,
  genre_affinities   jsonb NOT NULL DEFAULT '{}',
  temporal_patterns  jsonb NOT NULL,
  interaction_count  integer NOT NULL DEFAULT 0 CHECK (interaction_count >= 0),
  updated_at         timestamptz NOT NULL,
  CHECK (octet_length(preference_vector) = 4 * dimension)
);

CREATE TABLE sona_vectors (
  id         text PRIMARY KEY,
  dimension  integer NOT NULL CHECK (dimension > 0),
  vector     bytea NOT NULL,
  CHECK (octet_length(vector) = 4 * dimension)
);

CREATE TABLE sona_model_snapshots (
  name        text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  data        bytea NOT NULL,
  size_bytes  bigint NOT NULL,
  metadata    jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

CREATE TABLE sona_lora_adapters (
  user_id              text NOT NULL,
  adapter_name         text NOT NULL,
  version              integer NOT NULL CHECK (version > 0),
  data                 bytea NOT NULL,
  size_bytes           bigint NOT NULL,
  training_iterations  integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, adapter_name, version)
);
CREATE INDEX sona_lora_adapters_user_idx ON sona_lora_adapters (user_id, created_at DESC);

CREATE TABLE sona_experiments (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                text NOT NULL UNIQUE,
  description         text,
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'paused', 'completed')),
  traffic_allocation  double precision NOT NULL DEFAULT 1 CHECK (traffic_allocation BETWEEN 0 AND 1),
  seed                text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sona_experiments_status_idx ON sona_experiments (status);

CREATE TABLE sona_experiment_variants (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  experiment_id  uuid NOT NULL REFERENCES sona_experiments (id) ON DELETE CASCADE,
  position       integer NOT NULL,
  name           text NOT NULL,
  weight         double precision NOT NULL CHECK (weight BETWEEN 0 AND 1),
  config         jsonb NOT NULL DEFAULT '{}',
  UNIQUE (experiment_id, name)
);

CREATE TABLE sona_experiment_assignments (
  experiment_id  uuid NOT NULL REFERENCES sona_experiments (id) ON DELETE CASCADE,
  user_id        text NOT NULL,
  variant_id     uuid NOT NULL REFERENCES sona_experiment_variants (id) ON DELETE CASCADE,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (experiment_id, user_id)
);
CREATE INDEX sona_experiment_assignments_variant_idx ON sona_experiment_assignments (variant_id);

CREATE TABLE sona_experiment_exposures (
  experiment_id  uuid NOT NULL REFERENCES sona_experiments (id) ON DELETE CASCADE,
  user_id        text NOT NULL,
  variant_id     uuid NOT NULL REFERENCES sona_experiment_variants (id) ON DELETE CASCADE,
  context        jsonb,
  exposed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (experiment_id, user_id)
);

CREATE TABLE sona_experiment_conversions (
  id             bigserial PRIMARY KEY,
  experiment_id  uuid NOT NULL REFERENCES sona_experiments (id) ON DELETE CASCADE,
  user_id        text NOT NULL,
  variant_id     uuid NOT NULL REFERENCES sona_experiment_variants (id) ON DELETE CASCADE,
  metric         text NOT NULL,
  value          double precision NOT NULL,
  metadata       jsonb,
  converted_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sona_experiment_conversions_idx ON sona_experiment_conversions (experiment_id, variant_id, metric);

CREATE TABLE sona_recommendation_cache (
  key         text PRIMARY KEY,
  user_id     text NOT NULL,
  value       jsonb NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sona_recommendation_cache_user_idx ON sona_recommendation_cache (user_id);
