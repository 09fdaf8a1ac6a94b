-- The ledger entry an offer's use wrote (its bonus points, or none), so a
-- retried confirmation finds it and an undo gives the offer back. Keep in
-- step with migrations/postgres.
ALTER TABLE offers ADD COLUMN ledger_id BIGINT REFERENCES ledger (id);
