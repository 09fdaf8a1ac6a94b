-- The owner's numbers without reading the whole ledger: summaries that
-- triggers keep in the same transaction as every ledger entry, so that no
-- writer (a visit, the stamp batcher, a redemption, a credit, an undo) can
-- leave them behind. A visit counts while it is not undone; an undo takes
-- back what the entry it reverses gave, on that entry's day. Days are UTC
-- days (milliseconds / 86400000). Keep in step with migrations/postgres.
--
-- visits:      one row per visit not undone, with the days of the card's
--              visit before it and the one before that (-1: none), in the
--              order of (at, ledger_id). A visit written late (a clock
--              behind) renumbers the two after it.
-- visit_gaps:  per business, how many visits on `day` followed a visit on
--              `prev_day` (-1: the card's first). Active, returning and
--              kept customers of any period are sums over it.
-- entry_days:  per business and day, what the entries gave and took.
-- staff_days:  per staff member and day, what they gave.
-- cards:       each card's visits, spend and first and last visit.

CREATE TABLE visits (
    ledger_id    INTEGER PRIMARY KEY REFERENCES ledger (id),
    card_id      BIGINT  NOT NULL,
    business_id  BIGINT  NOT NULL,
    at           BIGINT  NOT NULL,
    day          BIGINT  NOT NULL,
    amount_cents BIGINT,
    prev_day     BIGINT  NOT NULL,
    prev2_day    BIGINT  NOT NULL
);
CREATE INDEX visits_card ON visits (card_id, at, ledger_id);
CREATE INDEX visits_business ON visits (business_id, day, prev_day, prev2_day);

CREATE TABLE visit_gaps (
    business_id BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    prev_day    BIGINT NOT NULL,
    visits      BIGINT NOT NULL,
    PRIMARY KEY (business_id, day, prev_day)
) WITHOUT ROWID;

CREATE TABLE entry_days (
    business_id        BIGINT NOT NULL,
    day                BIGINT NOT NULL,
    visits_with_amount BIGINT NOT NULL,
    amount_cents       BIGINT NOT NULL,
    points_earned      BIGINT NOT NULL,
    points_spent       BIGINT NOT NULL,
    stamps_earned      BIGINT NOT NULL,
    redemptions        BIGINT NOT NULL,
    PRIMARY KEY (business_id, day)
) WITHOUT ROWID;

CREATE TABLE staff_days (
    business_id BIGINT NOT NULL,
    staff_id    BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    visits      BIGINT NOT NULL,
    stamps      BIGINT NOT NULL,
    points      BIGINT NOT NULL,
    redemptions BIGINT NOT NULL,
    PRIMARY KEY (business_id, day, staff_id)
) WITHOUT ROWID;

ALTER TABLE cards ADD COLUMN visits BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN spend_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN first_visit_at BIGINT;
ALTER TABLE cards ADD COLUMN last_visit_at BIGINT;
CREATE INDEX cards_business_created ON cards (business_id, created_at);
CREATE INDEX cards_business_spend ON cards (business_id, spend_cents);
CREATE INDEX cards_business_last_visit ON cards (business_id, last_visit_at);
-- A period's answers, read from the answers' side (CROSS JOIN keeps
-- SQLite from walking every card of the business instead).
CREATE INDEX feedback_time ON feedback (created_at);

-- What the ledger holds today.
INSERT INTO visits (ledger_id, card_id, business_id, at, day, amount_cents, prev_day, prev2_day)
SELECT id, card_id, business_id, created_at, created_at / 86400000, amount_cents,
    LAG(created_at / 86400000, 1, -1) OVER w, LAG(created_at / 86400000, 2, -1) OVER w
FROM (SELECT l.id, l.card_id, c.business_id, l.created_at, l.amount_cents
      FROM ledger l JOIN cards c ON c.id = l.card_id
      WHERE l.kind = 'visit' AND NOT EXISTS (SELECT 1 FROM ledger u WHERE u.reverses = l.id)) v
WINDOW w AS (PARTITION BY card_id ORDER BY created_at, id);

INSERT INTO visit_gaps (business_id, day, prev_day, visits)
SELECT business_id, day, prev_day, COUNT(*) FROM visits GROUP BY business_id, day, prev_day;

INSERT INTO entry_days (business_id, day, visits_with_amount, amount_cents, points_earned,
    points_spent, stamps_earned, redemptions)
SELECT c.business_id, l.created_at / 86400000,
    SUM(CASE WHEN l.kind = 'visit' AND l.amount_cents IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.kind = 'visit' THEN COALESCE(l.amount_cents, 0) ELSE 0 END),
    SUM(CASE WHEN l.points_delta > 0 THEN l.points_delta ELSE 0 END),
    SUM(CASE WHEN l.kind = 'redemption' THEN -l.points_delta ELSE 0 END),
    SUM(CASE WHEN l.stamps_delta > 0 THEN l.stamps_delta ELSE 0 END),
    SUM(CASE WHEN l.kind = 'redemption' THEN 1 ELSE 0 END)
FROM ledger l JOIN cards c ON c.id = l.card_id
WHERE l.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM ledger u WHERE u.reverses = l.id)
GROUP BY c.business_id, l.created_at / 86400000;

INSERT INTO staff_days (business_id, staff_id, day, visits, stamps, points, redemptions)
SELECT c.business_id, l.staff_id, l.created_at / 86400000,
    SUM(CASE WHEN l.kind = 'visit' THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.kind = 'visit' THEN l.stamps_delta ELSE 0 END),
    SUM(CASE WHEN l.kind = 'visit' THEN l.points_delta ELSE 0 END),
    SUM(CASE WHEN l.kind = 'redemption' THEN 1 ELSE 0 END)
FROM ledger l JOIN cards c ON c.id = l.card_id
WHERE l.staff_id IS NOT NULL AND l.kind IN ('visit', 'redemption')
    AND NOT EXISTS (SELECT 1 FROM ledger u WHERE u.reverses = l.id)
GROUP BY c.business_id, l.staff_id, l.created_at / 86400000;

UPDATE cards SET
    visits = (SELECT COUNT(*) FROM visits v WHERE v.card_id = cards.id),
    spend_cents = (SELECT COALESCE(SUM(v.amount_cents), 0) FROM visits v WHERE v.card_id = cards.id),
    first_visit_at = (SELECT MIN(v.at) FROM visits v WHERE v.card_id = cards.id),
    last_visit_at = (SELECT MAX(v.at) FROM visits v WHERE v.card_id = cards.id);

-- From now on, with every entry. An entry adds what it gives to its day;
-- an undo subtracts what the entry it reverses gave.
CREATE TRIGGER ledger_days AFTER INSERT ON ledger BEGIN
    INSERT INTO entry_days (business_id, day, visits_with_amount, amount_cents, points_earned,
        points_spent, stamps_earned, redemptions)
    SELECT c.business_id, e.created_at / 86400000,
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
    WHERE true
    ON CONFLICT (business_id, day) DO UPDATE SET
        visits_with_amount = entry_days.visits_with_amount + excluded.visits_with_amount,
        amount_cents = entry_days.amount_cents + excluded.amount_cents,
        points_earned = entry_days.points_earned + excluded.points_earned,
        points_spent = entry_days.points_spent + excluded.points_spent,
        stamps_earned = entry_days.stamps_earned + excluded.stamps_earned,
        redemptions = entry_days.redemptions + excluded.redemptions;

    INSERT INTO staff_days (business_id, staff_id, day, visits, stamps, points, redemptions)
    SELECT c.business_id, e.staff_id, e.created_at / 86400000,
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
    ON CONFLICT (business_id, day, staff_id) DO UPDATE SET
        visits = staff_days.visits + excluded.visits,
        stamps = staff_days.stamps + excluded.stamps,
        points = staff_days.points + excluded.points,
        redemptions = staff_days.redemptions + excluded.redemptions;
END;

CREATE TRIGGER ledger_visit AFTER INSERT ON ledger WHEN NEW.kind = 'visit' BEGIN
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
END;

CREATE TRIGGER ledger_undo_visit AFTER INSERT ON ledger WHEN NEW.reverses IS NOT NULL BEGIN
    DELETE FROM visits WHERE ledger_id = NEW.reverses;
END;

-- "The two visits after (card, at, ledger_id), numbered again", as
-- PostgreSQL's visits_renumber_after(): SQLite has no functions, so a row
-- written to this view runs it.
CREATE VIEW visits_renumber AS SELECT card_id, at, ledger_id FROM visits WHERE 0;
CREATE TRIGGER visits_renumber_after INSTEAD OF INSERT ON visits_renumber BEGIN
    UPDATE visits SET
        prev_day = COALESCE((SELECT p.day FROM visits p WHERE p.card_id = visits.card_id
                               AND (p.at, p.ledger_id) < (visits.at, visits.ledger_id)
                             ORDER BY p.at DESC, p.ledger_id DESC LIMIT 1), -1),
        prev2_day = COALESCE((SELECT p.day FROM visits p WHERE p.card_id = visits.card_id
                                AND (p.at, p.ledger_id) < (visits.at, visits.ledger_id)
                              ORDER BY p.at DESC, p.ledger_id DESC LIMIT 1 OFFSET 1), -1)
    WHERE ledger_id IN (SELECT s.ledger_id FROM visits s WHERE s.card_id = NEW.card_id
                          AND (s.at, s.ledger_id) > (NEW.at, NEW.ledger_id)
                        ORDER BY s.at, s.ledger_id LIMIT 2);
END;

CREATE TRIGGER visit_added AFTER INSERT ON visits BEGIN
    INSERT INTO visit_gaps (business_id, day, prev_day, visits)
    VALUES (NEW.business_id, NEW.day, NEW.prev_day, 1)
    ON CONFLICT (business_id, day, prev_day) DO UPDATE SET visits = visit_gaps.visits + 1;
    UPDATE cards SET visits = visits + 1,
        spend_cents = spend_cents + COALESCE(NEW.amount_cents, 0),
        first_visit_at = MIN(COALESCE(first_visit_at, NEW.at), NEW.at),
        last_visit_at = MAX(COALESCE(last_visit_at, NEW.at), NEW.at)
    WHERE id = NEW.card_id;
    -- Written late: the two visits after it now follow it.
    INSERT INTO visits_renumber (card_id, at, ledger_id) VALUES (NEW.card_id, NEW.at, NEW.ledger_id);
END;

CREATE TRIGGER visit_removed AFTER DELETE ON visits BEGIN
    UPDATE visit_gaps SET visits = visits - 1
    WHERE business_id = OLD.business_id AND day = OLD.day AND prev_day = OLD.prev_day;
    UPDATE cards SET visits = visits - 1,
        spend_cents = spend_cents - COALESCE(OLD.amount_cents, 0),
        first_visit_at = (SELECT MIN(v.at) FROM visits v WHERE v.card_id = OLD.card_id),
        last_visit_at = (SELECT MAX(v.at) FROM visits v WHERE v.card_id = OLD.card_id)
    WHERE id = OLD.card_id;
    -- The two visits after it now follow the one before it.
    INSERT INTO visits_renumber (card_id, at, ledger_id) VALUES (OLD.card_id, OLD.at, OLD.ledger_id);
END;

CREATE TRIGGER visit_moved AFTER UPDATE OF prev_day ON visits
WHEN OLD.prev_day <> NEW.prev_day BEGIN
    UPDATE visit_gaps SET visits = visits - 1
    WHERE business_id = OLD.business_id AND day = OLD.day AND prev_day = OLD.prev_day;
    INSERT INTO visit_gaps (business_id, day, prev_day, visits)
    VALUES (NEW.business_id, NEW.day, NEW.prev_day, 1)
    ON CONFLICT (business_id, day, prev_day) DO UPDATE SET visits = visit_gaps.visits + 1;
END;
