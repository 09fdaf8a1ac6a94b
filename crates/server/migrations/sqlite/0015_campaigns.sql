-- Campaigns that bring customers back, their scheduler, what they sent and
-- the offers they put on cards. Keep in step with migrations/postgres.

-- An owner's automatic campaign (one of each kind a business): on or off,
-- its number of days (win-back: days away), the offer it gives (kind,
-- value, name, days it lasts) and the owner's own words, if any (else the
-- defaults in the card's language).
CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    business_id  BIGINT NOT NULL REFERENCES businesses (id),
    kind         TEXT   NOT NULL,
    enabled      BIGINT NOT NULL DEFAULT 0,
    days         BIGINT NOT NULL DEFAULT 0,
    offer_kind   TEXT,
    offer_value  BIGINT NOT NULL DEFAULT 0,
    offer_name   TEXT,
    offer_days   BIGINT NOT NULL DEFAULT 0,
    title        TEXT,
    body         TEXT,
    updated_at   BIGINT NOT NULL,
    UNIQUE (business_id, kind)
);

-- The scheduler's jobs: one row a job (a business's campaign pass), due at
-- a time, claimed by one server at a time for a lease (on PostgreSQL with
-- FOR UPDATE SKIP LOCKED, so that servers sharing the database take
-- different jobs); a server that dies leaves a lease that runs out.
CREATE TABLE jobs (
    name        TEXT   PRIMARY KEY,
    due_at      BIGINT NOT NULL,
    lease_until BIGINT NOT NULL DEFAULT 0,
    holder      TEXT
);
CREATE INDEX jobs_due ON jobs (due_at);

-- What a campaign sent a card: written once per (campaign, card,
-- occurrence) whatever the retries, before anything is delivered. The
-- words are made in the card's language when it is written.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    card_id     BIGINT NOT NULL REFERENCES cards (id),
    occurrence  TEXT   NOT NULL,
    title       TEXT   NOT NULL,
    body        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (campaign_id, card_id, occurrence)
);
CREATE INDEX messages_card ON messages (card_id, created_at);

-- An offer a card holds until it is used or runs out: bonus points on the
-- next visit, a free item or a discount, redeemed at the counter.
CREATE TABLE offers (
    id          INTEGER PRIMARY KEY,
    card_id     BIGINT NOT NULL REFERENCES cards (id),
    message_id  BIGINT UNIQUE REFERENCES messages (id),
    kind        TEXT   NOT NULL,
    value       BIGINT NOT NULL,
    name        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX offers_card ON offers (card_id, expires_at);

-- The language a card's messages are written in: the customer's browser's
-- at joining (NULL: the business's).
ALTER TABLE cards ADD COLUMN lang TEXT;
