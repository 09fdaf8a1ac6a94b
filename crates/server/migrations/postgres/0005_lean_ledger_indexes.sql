-- Fewer index writes per ledger entry, the hot path of every visit.
-- Keep in step with migrations/sqlite.

-- Tier sums find a card's entries through ledger_card (card_id, id) and
-- filter them by time; a second per-card index cost more on every insert
-- than it saved on reads.
DROP INDEX ledger_card_time;

-- Only reversing entries set reverses: index just those.
DROP INDEX ledger_reverses;
CREATE UNIQUE INDEX ledger_reverses ON ledger (reverses) WHERE reverses IS NOT NULL;
