-- "A few points to go": how many points from a reward a card is when the
-- campaign writes to it (0 for the other campaigns). Keep in step with the
-- other backend's migrations.
ALTER TABLE campaigns ADD COLUMN points BIGINT NOT NULL DEFAULT 0;
