-- A visit written in time (the newest of its card, nearly always) has no
-- visits after it to number again: the renumbering runs only for one
-- written late, instead of for every visit. (PostgreSQL's 0013 spreads
-- each day's summary rows over shards; SQLite has one writer and keeps one
-- row. The migration has the same number in both folders.)
DROP TRIGGER visit_added;
CREATE TRIGGER visit_added AFTER INSERT ON visits BEGIN
    INSERT INTO visit_gaps (business_id, day, prev_day, visits)
    VALUES (NEW.business_id, NEW.day, NEW.prev_day, 1)
    ON CONFLICT (business_id, day, prev_day) DO UPDATE SET visits = visit_gaps.visits + 1;
    UPDATE cards SET visits = visits + 1,
        spend_cents = spend_cents + COALESCE(NEW.amount_cents, 0),
        first_visit_at = MIN(COALESCE(first_visit_at, NEW.at), NEW.at),
        last_visit_at = MAX(COALESCE(last_visit_at, NEW.at), NEW.at)
    WHERE id = NEW.card_id;
END;
-- Written late: the two visits after it now follow it.
CREATE TRIGGER visit_added_late AFTER INSERT ON visits
WHEN EXISTS (SELECT 1 FROM visits s WHERE s.card_id = NEW.card_id
               AND (s.at, s.ledger_id) > (NEW.at, NEW.ledger_id)) BEGIN
    INSERT INTO visits_renumber (card_id, at, ledger_id) VALUES (NEW.card_id, NEW.at, NEW.ledger_id);
END;
