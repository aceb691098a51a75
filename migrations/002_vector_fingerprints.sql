-- Which model and text each stored vector came from (a digest), so catalogue embedding can skip
-- items whose vector is current and resume after an interruption.
ALTER TABLE sona_vectors ADD COLUMN fingerprint text NOT NULL DEFAULT '';
