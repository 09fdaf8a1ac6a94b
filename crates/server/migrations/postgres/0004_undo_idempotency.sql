-- Undo and idempotent retries. Keep in step with migrations/sqlite.

-- An entry can be reversed at most once (NULLs, the common case, don't clash).
CREATE UNIQUE INDEX ledger_reverses ON ledger (reverses);

-- The first response to each (credential, Idempotency-Key), replayed to
-- retries. status 0 means the first request is still being processed.
CREATE TABLE idempotency_keys (
    scope       TEXT   NOT NULL,
    idem_key    TEXT   NOT NULL,
    fingerprint TEXT   NOT NULL,
    status      BIGINT NOT NULL DEFAULT 0,
    body        TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_created ON idempotency_keys (created_at);
