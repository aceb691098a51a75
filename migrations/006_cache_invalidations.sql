-- Instances on one database must not serve a list computed before the user's latest events.
-- Each cached list records when its inputs were read (the database clock at the cache miss that
-- started it), and each invalidation when it happened (per user, or 'all' for clear()). A read
-- serves an entry only when no invalidation of its user came at or after its computed_at, so a
-- write that lands after another instance's invalidation is never served, whatever the order.
ALTER TABLE sona_recommendation_cache ADD COLUMN computed_at timestamptz NOT NULL DEFAULT '-infinity';
CREATE TABLE sona_cache_invalidations (
  scope  text PRIMARY KEY,
  at     timestamptz NOT NULL
);
