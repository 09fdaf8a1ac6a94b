-- Owners retire accounts instead of deleting them: the ledger keeps naming
-- who did what. Keep in step with migrations/sqlite.
ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
