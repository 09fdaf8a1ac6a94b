-- Timbro schema, SQLite flavour. Keep in step with migrations/postgres.
-- Times are Unix milliseconds; money is integer cents.

CREATE TABLE businesses (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    brand_color     TEXT    NOT NULL,
    locale          TEXT    NOT NULL,
    stamps_required INTEGER NOT NULL CHECK (stamps_required > 0),
    stamp_reward    TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE staff (
    id           INTEGER PRIMARY KEY,
    business_id  BIGINT  NOT NULL REFERENCES businesses (id),
    username     TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'staff')),
    secret_hash  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    UNIQUE (business_id, username)
);

-- Session tokens are stored only as SHA-256 hashes.
CREATE TABLE staff_sessions (
    token_hash TEXT   PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Card tokens are stored only as SHA-256 hashes. `stamps` and `points` are a
-- cache of the sum of the card's ledger entries, updated in the same
-- transaction as every entry.
CREATE TABLE cards (
    id          INTEGER PRIMARY KEY,
    business_id BIGINT  NOT NULL REFERENCES businesses (id),
    member_code TEXT    NOT NULL UNIQUE,
    token_hash  TEXT    NOT NULL UNIQUE,
    stamps      BIGINT  NOT NULL DEFAULT 0 CHECK (stamps >= 0),
    points      BIGINT  NOT NULL DEFAULT 0 CHECK (points >= 0),
    joined_table TEXT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX cards_business ON cards (business_id);

-- Append-only: an undo is a reversing entry, never a delete or an update.
CREATE TABLE ledger (
    id           INTEGER PRIMARY KEY,
    card_id      BIGINT  NOT NULL REFERENCES cards (id),
    kind         TEXT    NOT NULL,
    stamps_delta BIGINT  NOT NULL,
    points_delta BIGINT  NOT NULL,
    amount_cents BIGINT,
    staff_id     BIGINT  REFERENCES staff (id),
    created_at   BIGINT  NOT NULL
);
CREATE INDEX ledger_card ON ledger (card_id, id);
