-- posmon alerting: incidents, declared maintenance, hourly rollups of the cube, terminal health
-- transitions (for the weekly report) and the notification outbox.

CREATE TABLE incident (
    id                 VARCHAR(64)  PRIMARY KEY,
    kind               VARCHAR(32)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    scope              TEXT         NOT NULL,  -- JSON object: dimension -> value
    onset              TIMESTAMPTZ  NOT NULL,
    detected_at        TIMESTAMPTZ  NOT NULL,
    last_seen_at       TIMESTAMPTZ  NOT NULL,
    resolved_at        TIMESTAMPTZ,
    acknowledged_at    TIMESTAMPTZ,
    affected_terminals BIGINT       NOT NULL,
    failures           BIGINT       NOT NULL,
    evidence           TEXT         NOT NULL,  -- JSON object: code / transport error / cause -> count
    action             TEXT         NOT NULL,
    quiet_windows      INT          NOT NULL DEFAULT 0,
    reopened           INT          NOT NULL DEFAULT 0,
    absorbed           TEXT         NOT NULL DEFAULT '[]',  -- JSON array of scopes it inhibited
    updated_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX incident_status ON incident (status);
CREATE INDEX incident_onset ON incident (onset);

CREATE TABLE maintenance_window (
    id           VARCHAR(64)  PRIMARY KEY,
    host_id      VARCHAR(64)  NOT NULL,
    starts_at    TIMESTAMPTZ  NOT NULL,
    ends_at      TIMESTAMPTZ,
    rrule        VARCHAR(500),
    duration     VARCHAR(40),
    timezone     VARCHAR(64),
    reason       VARCHAR(500),
    created_at   TIMESTAMPTZ  NOT NULL,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX maintenance_window_host ON maintenance_window (host_id);

CREATE TABLE hourly_rollup (
    hour              TIMESTAMPTZ  NOT NULL,
    province          VARCHAR(16)  NOT NULL,
    host              VARCHAR(64)  NOT NULL,
    carrier           VARCHAR(64)  NOT NULL,
    model             VARCHAR(64)  NOT NULL,
    firmware          VARCHAR(64)  NOT NULL,
    attempts          BIGINT       NOT NULL,
    successes         BIGINT       NOT NULL,
    failures          BIGINT       NOT NULL,
    failures_by_cause TEXT         NOT NULL,  -- JSON object: cause -> count
    failing_terminals BIGINT       NOT NULL,  -- sum over the hour's windows (a terminal may count in several)
    PRIMARY KEY (hour, province, host, carrier, model, firmware)
);

CREATE TABLE terminal_health_event (
    id                   BIGSERIAL    PRIMARY KEY,
    terminal_id          VARCHAR(64)  NOT NULL,
    state                VARCHAR(16)  NOT NULL,
    since                TIMESTAMPTZ  NOT NULL,
    at                   TIMESTAMPTZ  NOT NULL,
    cause                VARCHAR(32),
    consecutive_failures INT          NOT NULL,
    province             VARCHAR(16),
    host                 VARCHAR(64)
);
CREATE INDEX terminal_health_event_at ON terminal_health_event (at);

-- Written in the same transaction as the incident change it announces; delivered by OutboxDelivery.
CREATE TABLE notification_outbox (
    id              BIGSERIAL    PRIMARY KEY,
    incident_id     VARCHAR(64)  NOT NULL,
    receiver        VARCHAR(32)  NOT NULL,  -- alertmanager | webhook
    payload         TEXT         NOT NULL,  -- JSON body to POST
    created_at      TIMESTAMPTZ  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE delivered_at IS NULL;
