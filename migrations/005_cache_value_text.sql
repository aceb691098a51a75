-- Cached responses are stored and returned whole, never queried inside: text spares PostgreSQL
-- parsing each response into jsonb on write and printing it back on read (about 0.1–0.3 ms per
-- 6 KB response on PGlite). The application writes and parses the JSON itself.
ALTER TABLE sona_recommendation_cache ALTER COLUMN value TYPE text USING value::text;
