-- An incident counts the distinct terminals it hit and those that still fail (incident.TerminalTally), decides a host
-- incident's kind from the failures of all its windows, and keeps the terminal sets behind the counts.
ALTER TABLE incident ADD COLUMN still_failing BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incident ADD COLUMN causes JSONB NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE incident ADD COLUMN terminals BYTEA;
