-- A maintenance window covers a host, or the network of a province, of a carrier, or of a carrier in a province (a
-- carrier's announced works). Windows imported from a published iCalendar name it (source) and skip the occurrences
-- its publisher excepted or moved (except_starts: comma-separated RFC 3339 instants).
ALTER TABLE maintenance_window ALTER COLUMN host_id DROP NOT NULL;
ALTER TABLE maintenance_window ADD COLUMN province VARCHAR(6);
ALTER TABLE maintenance_window ADD COLUMN carrier VARCHAR(64);
ALTER TABLE maintenance_window ADD COLUMN except_starts TEXT;
ALTER TABLE maintenance_window ADD COLUMN source VARCHAR(64);
ALTER TABLE maintenance_window ADD CONSTRAINT maintenance_window_scope
    CHECK (host_id IS NOT NULL OR province IS NOT NULL OR carrier IS NOT NULL);
CREATE INDEX maintenance_window_source ON maintenance_window (source) WHERE source IS NOT NULL;

-- Published maintenance notice calendars alerting polls: every window of one comes from its latest fetch.
CREATE TABLE maintenance_calendar (
    name        VARCHAR(64)   PRIMARY KEY,
    url         VARCHAR(2000),           -- null: an uploaded calendar
    host_id     VARCHAR(64),
    province    VARCHAR(6),
    carrier     VARCHAR(64),
    timezone    VARCHAR(64)   NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL,
    polled_at   TIMESTAMPTZ,
    last_error  TEXT,
    windows     INT
);
