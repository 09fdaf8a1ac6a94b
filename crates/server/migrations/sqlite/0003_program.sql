-- The full loyalty program per business, customer profile fields, and ledger
-- details. Keep in step with migrations/postgres.

-- How stamps are earned: 'per_visit', or one per stamp_earn_cents spent.
ALTER TABLE businesses ADD COLUMN stamp_earn_kind TEXT NOT NULL DEFAULT 'per_visit';
ALTER TABLE businesses ADD COLUMN stamp_earn_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE businesses ADD COLUMN points_per_unit BIGINT NOT NULL DEFAULT 1;
ALTER TABLE businesses ADD COLUMN point_value_cents BIGINT NOT NULL DEFAULT 5;
ALTER TABLE businesses ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
ALTER TABLE businesses ADD COLUMN welcome_points BIGINT NOT NULL DEFAULT 0;
-- 0 turns the birthday gift off.
ALTER TABLE businesses ADD COLUMN birthday_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE businesses ADD COLUMN birthday_window_days BIGINT NOT NULL DEFAULT 7;
-- Both 0 turn referrals off.
ALTER TABLE businesses ADD COLUMN referrer_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE businesses ADD COLUMN friend_points BIGINT NOT NULL DEFAULT 0;

CREATE TABLE tiers (
    id             INTEGER PRIMARY KEY,
    business_id    BIGINT  NOT NULL REFERENCES businesses (id),
    name           TEXT    NOT NULL,
    min_points     BIGINT  NOT NULL CHECK (min_points >= 0),
    multiplier_pct BIGINT  NOT NULL CHECK (multiplier_pct BETWEEN 100 AND 1000),
    perks          TEXT    NOT NULL DEFAULT '[]',
    UNIQUE (business_id, name)
);

CREATE TABLE promotions (
    id             INTEGER PRIMARY KEY,
    business_id    BIGINT  NOT NULL REFERENCES businesses (id),
    name           TEXT    NOT NULL,
    multiplier_pct BIGINT  NOT NULL CHECK (multiplier_pct BETWEEN 100 AND 1000),
    starts_at      BIGINT  NOT NULL,
    ends_at        BIGINT  NOT NULL,
    category       TEXT,
    CHECK (ends_at > starts_at)
);
CREATE INDEX promotions_business ON promotions (business_id, ends_at);

-- Customer profile (all optional) and referral bookkeeping.
ALTER TABLE cards ADD COLUMN first_name TEXT;
ALTER TABLE cards ADD COLUMN birthday TEXT;
ALTER TABLE cards ADD COLUMN referred_by BIGINT REFERENCES cards (id);
ALTER TABLE cards ADD COLUMN referral_paid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN birthday_year BIGINT NOT NULL DEFAULT 0;

-- tier_points: what the entry counts toward tiers (points earned; negative
-- when an earning entry is undone). reverses: the entry an undo reverses.
ALTER TABLE ledger ADD COLUMN tier_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger ADD COLUMN reverses BIGINT REFERENCES ledger (id);
ALTER TABLE ledger ADD COLUMN note TEXT;
CREATE INDEX ledger_card_time ON ledger (card_id, created_at);
