-- Web Push: the phones that asked for a card's messages, and each
-- message's delivery. Keep in step with migrations/postgres.

-- A browser's push subscription for a card (RFC 8030 endpoint, RFC 8291
-- keys, base64url): one browser may hold several businesses' cards, one
-- card may be on several phones.
CREATE TABLE push_subscriptions (
    id          INTEGER PRIMARY KEY,
    card_id     BIGINT NOT NULL REFERENCES cards (id),
    endpoint    TEXT   NOT NULL,
    p256dh      TEXT   NOT NULL,
    auth        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (card_id, endpoint)
);

-- A message's push, recorded before it is attempted: NULL (no phone to
-- push to when it was written), 'due', 'sending' (recorded, then sent),
-- 'sent', 'failed' (the push services refused it), 'capped' (the card had
-- its week's pushes), 'unknown' (its server stopped while sending: never
-- sent again, counted apart). The message is on the card whatever happens.
ALTER TABLE messages ADD COLUMN push_state TEXT;
ALTER TABLE messages ADD COLUMN push_at BIGINT;
CREATE INDEX messages_push_due ON messages (push_state, created_at) WHERE push_state IN ('due', 'sending');

-- The VAPID key every server of this database signs pushes with (one row,
-- id 1): recorded by the first server to start, since a subscription is
-- bound to the key it was made with. Also kept in each data folder.
CREATE TABLE push_vapid (
    id          BIGINT PRIMARY KEY,
    private_key TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
