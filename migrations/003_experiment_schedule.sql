-- Mutually exclusive experiments (a slice [start, end) of a named namespace) and a schedule.
ALTER TABLE sona_experiments
  ADD COLUMN namespace_id    text,
  ADD COLUMN namespace_start double precision,
  ADD COLUMN namespace_end   double precision,
  ADD COLUMN starts_at       timestamptz,
  ADD COLUMN ends_at         timestamptz,
  ADD CONSTRAINT sona_experiments_namespace_check CHECK (
    (namespace_id IS NULL AND namespace_start IS NULL AND namespace_end IS NULL)
    OR (namespace_id IS NOT NULL AND namespace_start >= 0 AND namespace_start < namespace_end AND namespace_end <= 1)),
  ADD CONSTRAINT sona_experiments_schedule_check CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at);
