-- The acquirer is posmon's tenant: hourly rollups are kept per acquirer (a report for one acquirer sums its rows,
-- the report for all sums every row), and an incident records the acquirers whose terminals it hit (a credential
-- bound to acquirers lists and reads only incidents that hit one of them; a notification is labelled with them).
-- Rows from before are of acquirer UNKNOWN and incidents from before hit no known acquirer: only unbound
-- credentials (admin, the configured operator and support tokens) see them.
ALTER TABLE hourly_rollup ADD COLUMN acquirer VARCHAR(64) NOT NULL DEFAULT 'UNKNOWN';
ALTER TABLE hourly_rollup DROP CONSTRAINT hourly_rollup_pkey;
ALTER TABLE hourly_rollup ADD PRIMARY KEY (hour, acquirer, province, host, carrier, model, firmware);

ALTER TABLE incident ADD COLUMN acquirers TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX incident_acquirers ON incident USING GIN (acquirers);
ALTER TABLE pending_cell ALTER COLUMN cell_key TYPE TEXT;

-- A terminal's health transitions carry its acquirer (the weekly report of one acquirer lists its terminals only),
-- and the weekly report is published for every acquirer ('' is the report of all of them).
ALTER TABLE terminal_health_event ADD COLUMN acquirer VARCHAR(64);
CREATE INDEX terminal_health_event_acquirer ON terminal_health_event (acquirer, at);
ALTER TABLE weekly_report ADD COLUMN acquirer VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE weekly_report DROP CONSTRAINT weekly_report_pkey;
ALTER TABLE weekly_report ADD PRIMARY KEY (week, zone, language, acquirer);
