-- An answer carries its card's business (a card never changes business),
-- so that a business's answers of a period are one index range (the
-- period's counts, the trend, the list) without a card read for each.
-- SQLite adds a NOT NULL column without a default only by rebuilding the
-- table. Keep in step with migrations/postgres.
CREATE TABLE feedback_new (
    id          INTEGER PRIMARY KEY,
    card_id     BIGINT  NOT NULL REFERENCES cards (id),
    business_id BIGINT  NOT NULL REFERENCES businesses (id),
    visit_id    BIGINT  NOT NULL UNIQUE REFERENCES ledger (id),
    score       BIGINT  NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment     TEXT,
    created_at  BIGINT  NOT NULL
);
INSERT INTO feedback_new (id, card_id, business_id, visit_id, score, comment, created_at)
SELECT f.id, f.card_id, c.business_id, f.visit_id, f.score, f.comment, f.created_at
FROM feedback f JOIN cards c ON c.id = f.card_id;
DROP TABLE feedback;
ALTER TABLE feedback_new RENAME TO feedback;
CREATE INDEX feedback_card ON feedback (card_id, created_at);
CREATE INDEX feedback_business ON feedback (business_id, created_at, score);
