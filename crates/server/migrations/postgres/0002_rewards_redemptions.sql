-- Reward catalogue and offline-safe redemptions. Keep in step with migrations/sqlite.

-- The card's redemption secret (hex), shared with the wallet at join so the
-- phone can compute codes offline. Filled for older cards at start-up.
ALTER TABLE cards ADD COLUMN redeem_secret TEXT NOT NULL DEFAULT '';

CREATE TABLE rewards (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id BIGINT  NOT NULL REFERENCES businesses (id),
    name        TEXT    NOT NULL,
    -- 'points' (cost_points deducted) or 'stamp_card' (one full stamp card).
    cost_kind   TEXT    NOT NULL CHECK (cost_kind IN ('points', 'stamp_card')),
    cost_points BIGINT  NOT NULL DEFAULT 0 CHECK (cost_points >= 0),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX rewards_business ON rewards (business_id);

-- One row per accepted code: the unique key is what makes a code single-use
-- and lets exactly one of many concurrent confirmations win.
CREATE TABLE redemptions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    card_id    BIGINT NOT NULL REFERENCES cards (id),
    reward_id  BIGINT NOT NULL REFERENCES rewards (id),
    step       BIGINT NOT NULL,
    ledger_id  BIGINT NOT NULL REFERENCES ledger (id),
    staff_id   BIGINT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    UNIQUE (card_id, reward_id, step)
);
