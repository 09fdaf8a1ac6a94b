-- An answer carries its card's business (a card never changes business),
-- so that a business's answers of a period are one index range (the
-- period's counts, the trend, the list) without a card read for each.
-- Keep in step with migrations/sqlite.
ALTER TABLE feedback ADD COLUMN business_id BIGINT REFERENCES businesses (id);
UPDATE feedback f SET business_id = c.business_id FROM cards c WHERE c.id = f.card_id;
ALTER TABLE feedback ALTER COLUMN business_id SET NOT NULL;
DROP INDEX feedback_time;
CREATE INDEX feedback_business ON feedback (business_id, created_at, score);
