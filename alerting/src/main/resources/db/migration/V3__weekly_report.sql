-- The weekly reliability report: generated reports as they were published, and what the report needs that
-- alerting did not keep yet.

CREATE TABLE weekly_report (
    week         VARCHAR(8)   NOT NULL,  -- ISO week, e.g. 2026-W47
    zone         VARCHAR(64)  NOT NULL,  -- IANA time zone the week's days are local to
    generated_at TIMESTAMPTZ  NOT NULL,
    complete     BOOLEAN      NOT NULL,  -- whether the week had ended when the report was generated
    json         TEXT         NOT NULL,
    html         TEXT         NOT NULL,
    PRIMARY KEY (week, zone)
);

-- terminal.health.v1 now carries the terminal's merchant (worst merchants of the week).
ALTER TABLE terminal_health_event ADD COLUMN merchant_id VARCHAR(64);
-- The report reads each terminal's latest transition before the week.
CREATE INDEX terminal_health_event_terminal_at ON terminal_health_event (terminal_id, at);
