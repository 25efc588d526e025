-- alerting's pipeline state lives in PostgreSQL, beside the effects it produces, so that one transaction
-- holds both: a crash, a failover or a database outage can neither lose a window nor count one twice.

-- Where the active replica resumes reading each partition of signon.cube.v1 and terminal.health.v1, and below
-- which offset every record has already been applied (rollups, pending cells, health rows). The two differ
-- only after an operator moved next_offset back to re-read: records below applied_below are then skipped.
CREATE TABLE consumer_position (
    topic         VARCHAR(249) NOT NULL,
    partition_no  INT          NOT NULL,
    next_offset   BIGINT       NOT NULL,
    applied_below BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (topic, partition_no)
);

-- Cube cells of windows not judged yet: written with the positions that read them, deleted in the transaction
-- that judges their window.
CREATE TABLE pending_cell (
    window_start TIMESTAMPTZ  NOT NULL,
    window_end   TIMESTAMPTZ  NOT NULL,
    cell_key     VARCHAR(400) NOT NULL,
    topic_offset BIGINT       NOT NULL,
    partition_no INT          NOT NULL,
    cell         JSONB        NOT NULL,
    PRIMARY KEY (window_start, partition_no, topic_offset)
);

-- Every window judged, once (the primary key), in the order judged (seq). series holds what the detector
-- observed in it (series -> attempts, failures; deflated), kept from the last detector snapshot on so that a
-- restarted or standby replica replays them on top of the snapshot. pending_findings: the correlator's mild
-- findings waiting for a second window (hysteresis) after this window.
CREATE TABLE judged_window (
    window_start     TIMESTAMPTZ NOT NULL PRIMARY KEY,
    window_end       TIMESTAMPTZ NOT NULL,
    seq              BIGINT      NOT NULL UNIQUE,
    judged_at        TIMESTAMPTZ NOT NULL,
    judged_by        VARCHAR(200) NOT NULL,
    cells            INT         NOT NULL,
    series           BYTEA,
    pending_findings JSONB       NOT NULL DEFAULT '[]'
);

-- The detector's learned state (baselines and daily shapes of every series) as of judged window through_seq.
CREATE TABLE detector_snapshot (
    id          INT          NOT NULL PRIMARY KEY CHECK (id = 1),
    through_seq BIGINT       NOT NULL,
    state       BYTEA        NOT NULL,
    taken_at    TIMESTAMPTZ  NOT NULL
);

-- A terminal's health transition is recorded once, however often it is read.
DELETE FROM terminal_health_event a USING terminal_health_event b
WHERE a.id > b.id AND a.terminal_id = b.terminal_id AND a.at = b.at AND a.state = b.state;
CREATE UNIQUE INDEX terminal_health_event_once ON terminal_health_event (terminal_id, at, state);
