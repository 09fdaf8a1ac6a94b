-- A request in progress holds its Idempotency-Key by a lease that its
-- server renews while it runs: a server that dies stops renewing, and a
-- retry takes the key over when the lease has run out. A ledger entry
-- carries the key of the request that wrote it, so a retry whose first
-- attempt wrote the entry before its server died never writes it again.
-- Keep in step with migrations/postgres.
ALTER TABLE idempotency_keys ADD COLUMN holder TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX ledger_request_key ON ledger (request_key);
