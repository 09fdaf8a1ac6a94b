-- A minimum time between two visits that add stamps to one card, set by
-- the owner (0: none). The card keeps when it last had stamps, so that the
-- visit's own balance update refuses a stamp inside the cooldown (no read
-- before it, no race between two counters). Stamps added inside it anyway
-- carry the staff member's reason, which the owner's staff report lists.
-- Keep in step with migrations/sqlite.
ALTER TABLE businesses ADD COLUMN stamp_cooldown_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN last_stamp_at BIGINT;
ALTER TABLE ledger ADD COLUMN override_reason TEXT;
CREATE INDEX ledger_overrides ON ledger (created_at) WHERE override_reason IS NOT NULL;
