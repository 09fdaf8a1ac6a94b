-- Every entry of a business on one day added to the same row of
-- entry_days, staff_days and visit_gaps, and a row stays locked until its
-- transaction commits: counters writing at once waited for each other
-- (add-stamp flat out, 32 clients on one business: 3,100-4,700 a second
-- before these summaries, 788 with them). Each card now adds to one of 16
-- rows of its day (shard = card id mod 16), and readers sum them. Every
-- change is an added amount (an undo adds a negative one), so a shard may
-- hold less than zero; the rows written before this migration are shard 0.
-- SQLite has one writer and no such wait: its tables stay as they are.
-- And, as on SQLite, a visit written in time (nearly every one) no longer
-- numbers again the visits after it, as it has none.

ALTER TABLE visit_gaps ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE visit_gaps DROP CONSTRAINT visit_gaps_pkey;
ALTER TABLE visit_gaps ADD PRIMARY KEY (business_id, day, prev_day, shard);

ALTER TABLE entry_days ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE entry_days DROP CONSTRAINT entry_days_pkey;
ALTER TABLE entry_days ADD PRIMARY KEY (business_id, day, shard);

ALTER TABLE staff_days ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE staff_days DROP CONSTRAINT staff_days_pkey;
ALTER TABLE staff_days ADD PRIMARY KEY (business_id, day, staff_id, shard);

CREATE OR REPLACE FUNCTION ledger_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM cards WHERE id = NEW.card_id FOR UPDATE;

    INSERT INTO entry_days (business_id, day, shard, visits_with_amount, amount_cents, points_earned,
        points_spent, stamps_earned, redemptions)
    SELECT c.business_id, e.created_at / 86400000, NEW.card_id % 16,
        e.sign * (CASE WHEN e.kind = 'visit' AND e.amount_cents IS NOT NULL THEN 1 ELSE 0 END),
        e.sign * (CASE WHEN e.kind = 'visit' THEN COALESCE(e.amount_cents, 0) ELSE 0 END),
        e.sign * (CASE WHEN e.points_delta > 0 THEN e.points_delta ELSE 0 END),
        e.sign * (CASE WHEN e.kind = 'redemption' THEN -e.points_delta ELSE 0 END),
        e.sign * (CASE WHEN e.stamps_delta > 0 THEN e.stamps_delta ELSE 0 END),
        e.sign * (CASE WHEN e.kind = 'redemption' THEN 1 ELSE 0 END)
    FROM (SELECT NEW.card_id AS card_id, NEW.kind AS kind, NEW.amount_cents AS amount_cents,
                 NEW.points_delta AS points_delta, NEW.stamps_delta AS stamps_delta,
                 NEW.created_at AS created_at, 1 AS sign
          WHERE NEW.kind <> 'undo'
          UNION ALL
          SELECT r.card_id, r.kind, r.amount_cents, r.points_delta, r.stamps_delta, r.created_at, -1
          FROM ledger r WHERE r.id = NEW.reverses AND r.kind <> 'undo') e
    JOIN cards c ON c.id = e.card_id
    ON CONFLICT (business_id, day, shard) DO UPDATE SET
        visits_with_amount = entry_days.visits_with_amount + excluded.visits_with_amount,
        amount_cents = entry_days.amount_cents + excluded.amount_cents,
        points_earned = entry_days.points_earned + excluded.points_earned,
        points_spent = entry_days.points_spent + excluded.points_spent,
        stamps_earned = entry_days.stamps_earned + excluded.stamps_earned,
        redemptions = entry_days.redemptions + excluded.redemptions;

    INSERT INTO staff_days (business_id, staff_id, day, shard, visits, stamps, points, redemptions)
    SELECT c.business_id, e.staff_id, e.created_at / 86400000, NEW.card_id % 16,
        e.sign * (CASE WHEN e.kind = 'visit' THEN 1 ELSE 0 END),
        e.sign * (CASE WHEN e.kind = 'visit' THEN e.stamps_delta ELSE 0 END),
        e.sign * (CASE WHEN e.kind = 'visit' THEN e.points_delta ELSE 0 END),
        e.sign * (CASE WHEN e.kind = 'redemption' THEN 1 ELSE 0 END)
    FROM (SELECT NEW.card_id AS card_id, NEW.kind AS kind, NEW.staff_id AS staff_id,
                 NEW.points_delta AS points_delta, NEW.stamps_delta AS stamps_delta,
                 NEW.created_at AS created_at, 1 AS sign
          WHERE NEW.kind IN ('visit', 'redemption')
          UNION ALL
          SELECT r.card_id, r.kind, r.staff_id, r.points_delta, r.stamps_delta, r.created_at, -1
          FROM ledger r WHERE r.id = NEW.reverses AND r.kind IN ('visit', 'redemption')) e
    JOIN cards c ON c.id = e.card_id
    WHERE e.staff_id IS NOT NULL
    ON CONFLICT (business_id, day, staff_id, shard) DO UPDATE SET
        visits = staff_days.visits + excluded.visits,
        stamps = staff_days.stamps + excluded.stamps,
        points = staff_days.points + excluded.points,
        redemptions = staff_days.redemptions + excluded.redemptions;

    IF NEW.kind = 'visit' THEN
        INSERT INTO visits (ledger_id, card_id, business_id, at, day, amount_cents, prev_day, prev2_day)
        SELECT NEW.id, NEW.card_id, c.business_id, NEW.created_at, NEW.created_at / 86400000,
            NEW.amount_cents,
            COALESCE((SELECT p.day FROM visits p WHERE p.card_id = NEW.card_id
                        AND (p.at, p.ledger_id) < (NEW.created_at, NEW.id)
                      ORDER BY p.at DESC, p.ledger_id DESC LIMIT 1), -1),
            COALESCE((SELECT p.day FROM visits p WHERE p.card_id = NEW.card_id
                        AND (p.at, p.ledger_id) < (NEW.created_at, NEW.id)
                      ORDER BY p.at DESC, p.ledger_id DESC LIMIT 1 OFFSET 1), -1)
        FROM cards c WHERE c.id = NEW.card_id;
    END IF;
    IF NEW.reverses IS NOT NULL THEN
        DELETE FROM visits WHERE ledger_id = NEW.reverses;
    END IF;
    RETURN NULL;
END $$;

-- A visit counted in its card's shard of its day's gap.
CREATE FUNCTION visit_gap_add(business BIGINT, visit_day BIGINT, before_day BIGINT, card BIGINT, n BIGINT)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO visit_gaps (business_id, day, prev_day, shard, visits)
    VALUES (business, visit_day, before_day, card % 16, n)
    ON CONFLICT (business_id, day, prev_day, shard) DO UPDATE SET visits = visit_gaps.visits + n;
$$;

CREATE OR REPLACE FUNCTION visit_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM visit_gap_add(NEW.business_id, NEW.day, NEW.prev_day, NEW.card_id, 1);
    UPDATE cards SET visits = cards.visits + 1,
        spend_cents = cards.spend_cents + COALESCE(NEW.amount_cents, 0),
        first_visit_at = LEAST(cards.first_visit_at, NEW.at),
        last_visit_at = GREATEST(cards.last_visit_at, NEW.at)
    WHERE id = NEW.card_id;
    -- Written late: the two visits after it now follow it. (A visit
    -- written in time, nearly every one, has none after it.)
    IF EXISTS (SELECT 1 FROM visits s WHERE s.card_id = NEW.card_id
                 AND (s.at, s.ledger_id) > (NEW.at, NEW.ledger_id)) THEN
        PERFORM visits_renumber_after(NEW.card_id, NEW.at, NEW.ledger_id);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION visit_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM visit_gap_add(OLD.business_id, OLD.day, OLD.prev_day, OLD.card_id, -1);
    UPDATE cards SET visits = cards.visits - 1,
        spend_cents = cards.spend_cents - COALESCE(OLD.amount_cents, 0),
        first_visit_at = (SELECT MIN(v.at) FROM visits v WHERE v.card_id = OLD.card_id),
        last_visit_at = (SELECT MAX(v.at) FROM visits v WHERE v.card_id = OLD.card_id)
    WHERE id = OLD.card_id;
    -- The two visits after it now follow the one before it.
    PERFORM visits_renumber_after(OLD.card_id, OLD.at, OLD.ledger_id);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION visit_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM visit_gap_add(OLD.business_id, OLD.day, OLD.prev_day, OLD.card_id, -1);
    PERFORM visit_gap_add(NEW.business_id, NEW.day, NEW.prev_day, NEW.card_id, 1);
    RETURN NULL;
END $$;
