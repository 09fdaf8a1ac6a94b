-- Guessing a PIN: each account keeps its wrong sign-ins in a row (the
-- back-off's count, ended by a right one), the time before which it may not
-- be tried again, and for the owner every wrong sign-in with the last one's
-- time. `short_pin` marks an account whose PIN, seen at its last sign-in or
-- change, has fewer than 6 digits: the back office asks for a longer one.
-- Keep in step with the other backend's migrations.
ALTER TABLE staff ADD COLUMN sign_in_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN sign_in_after BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN failed_sign_ins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN last_failed_sign_in_at BIGINT;
ALTER TABLE staff ADD COLUMN short_pin BIGINT NOT NULL DEFAULT 0;
