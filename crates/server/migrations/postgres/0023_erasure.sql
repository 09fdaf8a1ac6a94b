-- The customer's data is the customer's. Keep in step with the other
-- backend's migrations.
--
-- An erased card keeps only anonymous facts (when it was made, its
-- balances, visits and spend, the ledger's amounts), so that the owner's
-- numbers for past periods do not change; everything that tied it to a
-- person (name, birthday, language, table, token hash, member code,
-- referral, push subscriptions, comments, messages' words) is gone.
ALTER TABLE cards ADD COLUMN erased_at BIGINT;
-- When the customer turned notifications off (consent withdrawn).
ALTER TABLE cards ADD COLUMN notifications_off_at BIGINT;

-- An erased card's token, marked so that a phone that still holds it is
-- told the card was erased: a hash of its hash, which names no card.
CREATE TABLE erased_tokens (
    token_mark  TEXT   PRIMARY KEY,
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    erased_at   BIGINT NOT NULL
);

-- Who exported or erased a card's data, and when; never which card.
CREATE TABLE privacy_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    action      TEXT   NOT NULL CHECK (action IN ('export', 'erase')),
    actor       TEXT   NOT NULL CHECK (actor IN ('customer', 'owner', 'retention')),
    staff_id    BIGINT REFERENCES staff (id),
    at          BIGINT NOT NULL
);
CREATE INDEX privacy_log_business ON privacy_log (business_id, at);
