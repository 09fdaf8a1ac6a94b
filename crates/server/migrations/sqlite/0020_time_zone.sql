-- The business's time zone (IANA, e.g. Europe/Rome) for its notifications'
-- quiet hours; '' for the one its language implies. Keep in step with the
-- other backend's migrations.
ALTER TABLE businesses ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
