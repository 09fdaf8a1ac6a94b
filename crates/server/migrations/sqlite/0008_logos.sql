-- Each business's logo, redrawn by the server at every size it serves
-- (never the uploaded bytes). `logo_version` 0 means no logo; it grows with
-- each upload, so links to the images can be cached for good. Keep in step
-- with migrations/postgres.
ALTER TABLE businesses ADD COLUMN logo_version BIGINT NOT NULL DEFAULT 0;
CREATE TABLE business_logos (
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    size        TEXT   NOT NULL,
    png         BLOB   NOT NULL,
    PRIMARY KEY (business_id, size)
);
