-- One-question feedback: a customer's answer (0 to 10, an optional
-- comment) about one visit, at most one per visit. Keep in step with
-- migrations/sqlite.
CREATE TABLE feedback (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    card_id    BIGINT  NOT NULL REFERENCES cards (id),
    visit_id   BIGINT  NOT NULL UNIQUE REFERENCES ledger (id),
    score      BIGINT  NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment    TEXT,
    created_at BIGINT  NOT NULL
);
CREATE INDEX feedback_card ON feedback (card_id, created_at);
