-- Points that expire: the owner's months after a card's last visit (0:
-- never). Expiry is a ledger entry of kind 'expiry'. Keep in step with
-- migrations/sqlite.
ALTER TABLE businesses ADD COLUMN points_expire_months BIGINT NOT NULL DEFAULT 0;
