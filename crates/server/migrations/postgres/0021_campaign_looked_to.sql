-- The time up to which a campaign's passes have looked at cards' visits
-- (tier reached: the next pass sums the points of the cards visited since,
-- not of every card visited in the last two days). Keep in step with the
-- other backend's migrations.
ALTER TABLE campaigns ADD COLUMN looked_to BIGINT NOT NULL DEFAULT 0;
