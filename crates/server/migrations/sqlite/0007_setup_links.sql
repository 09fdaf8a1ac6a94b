-- One-time setup links: each opens one business. The secret is stored only
-- as its SHA-256 hash. Keep in step with migrations/postgres.
CREATE TABLE setup_links (
    token_hash  TEXT    PRIMARY KEY,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT,
    business_id BIGINT  REFERENCES businesses (id)
);
