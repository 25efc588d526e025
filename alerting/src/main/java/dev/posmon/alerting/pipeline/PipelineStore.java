package dev.posmon.alerting.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.posmon.alerting.ha.LeaderLock;
import dev.posmon.alerting.incident.Finding;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.alerting.incident.TerminalTally;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.MaintenanceRows;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.kafka.common.TopicPartition;

/**
 * alerting's pipeline state and effects in PostgreSQL, over the one connection that holds the active replica's
 * lock (a replica that lost the lock has lost this connection too, so it cannot write). Every method that changes
 * something is one transaction: a batch of records read is applied together with the positions after it, and a
 * judged window's incidents, notifications, detector input and hysteresis state are written together with the fact
 * that it was judged. The connection is in manual-commit mode; a failed transaction is rolled back and the
 * exception goes to the caller, which gives up the lock and restores from what was committed.
 */
final class PipelineStore {

    /** Where to resume a partition, and below which offset everything was already applied. */
    record Position(long nextOffset, long appliedBelow) {}

    /** A record read from Kafka: a cube cell or a terminal health change. */
    record Read(TopicPartition partition, long offset, CubeCell cell, TerminalHealth health) {}

    /** A notification to write to the outbox in the same transaction. */
    record Notification(String incidentId, String receiver, String payload) {}

    /**
     * The correlator's state as the last committed window left it: incidents that are active or may re-open, and
     * pending findings.
     */
    record CorrelatorState(List<Incident> incidents, Map<String, Finding> pending) {}

    /** A judged window as the detector needs it again: its start and what was observed, in order. */
    record JudgedSeries(long seq, Instant windowStart, List<WindowAnalysis.SeriesTotal> series) {}

    /**
     * Judged windows that start before this are forgotten in memory: {@code retention}
     * ({@code posmon.retention.judged-windows}) back from the window or now, whichever is earlier. The rows go with the
     * retention job ({@code Retention}), by the same horizon.
     */
    static Instant judgedHorizon(WindowBuffer.Window window, Instant now, Duration retention) {
        return (window.start().isBefore(now) ? window.start() : now).minus(retention);
    }

    private static final ObjectMapper STATE_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper CONTRACT_JSON = ContractJson.mapper();

    private final Connection connection;
    private final String instance;

    PipelineStore(Connection connection, String instance) throws SQLException {
        this.connection = connection;
        this.instance = instance;
        connection.setAutoCommit(false);
    }

    // ---- positions and records read ----

    Map<TopicPartition, Position> positions() throws SQLException {
        Map<TopicPartition, Position> positions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT topic, partition_no, next_offset, applied_below FROM consumer_position");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                positions.put(
                        new TopicPartition(rows.getString(1), rows.getInt(2)),
                        new Position(rows.getLong(3), rows.getLong(4)));
            }
        }
        connection.commit();
        return positions;
    }

    /**
     * Applies what a poll read, in one transaction with the positions after it: each cube cell is added to its hour's
     * rollup and, unless its window was judged already (a late cell), kept for its window's judgement; each health
     * change is recorded once. Records below a partition's {@code appliedBelow} were applied before (a re-read) and
     * are left out by the caller.
     *
     * @param judged whether a window was judged already
     * @param after  every partition read, with the offset after the last record read
     * @return the late cells (their window had been judged)
     */
    List<CubeCell> apply(List<Read> reads, Predicate<Instant> judged, Map<TopicPartition, Long> after, Instant now)
            throws SQLException {
        List<CubeCell> late = new ArrayList<>();
        try (PreparedStatement rollup = connection.prepareStatement(ROLLUP_ADD);
                PreparedStatement pending = connection.prepareStatement(
                        "INSERT INTO pending_cell (window_start, window_end, cell_key, partition_no, topic_offset, "
                                + "cell) VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING");
                PreparedStatement health = connection.prepareStatement(
                        "INSERT INTO terminal_health_event (terminal_id, state, since, at, cause, "
                                + "consecutive_failures, province, host, merchant_id, acquirer, carrier, model, "
                                + "firmware, app, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
                                + "CONFLICT (terminal_id, at, state) DO NOTHING");
                PreparedStatement position = connection.prepareStatement(
                        "INSERT INTO consumer_position (topic, partition_no, next_offset, applied_below, "
                                + "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (topic, "
                                + "partition_no) DO UPDATE SET next_offset = EXCLUDED.next_offset, "
                                + "applied_below = GREATEST(consumer_position.applied_below, "
                                + "EXCLUDED.applied_below), updated_at = EXCLUDED.updated_at")) {
            for (Read read : reads) {
                if (read.cell() != null) {
                    CubeCell cell = read.cell();
                    bindRollup(rollup, cell);
                    rollup.addBatch();
                    if (judged.test(cell.windowStart())) {
                        late.add(cell);
                    } else {
                        pending.setTimestamp(1, Timestamp.from(cell.windowStart()));
                        pending.setTimestamp(2, Timestamp.from(cell.windowEnd()));
                        pending.setString(3, cell.cellKey());
                        pending.setInt(4, read.partition().partition());
                        pending.setLong(5, read.offset());
                        pending.setString(6, IncidentMapping.json(cell));
                        pending.addBatch();
                    }
                } else if (read.health() != null) {
                    bindHealth(health, read.health());
                    health.addBatch();
                }
            }
            for (Map.Entry<TopicPartition, Long> next : after.entrySet()) {
                position.setString(1, next.getKey().topic());
                position.setInt(2, next.getKey().partition());
                position.setLong(3, next.getValue());
                position.setLong(4, next.getValue());
                position.setTimestamp(5, Timestamp.from(now));
                position.addBatch();
            }
            rollup.executeBatch();
            pending.executeBatch();
            health.executeBatch();
            position.executeBatch();
            connection.commit();
            return late;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Moves where reading resumes (an operator's re-read); what was applied stays applied. */
    void rewind(TopicPartition partition, long nextOffset, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE consumer_position SET next_offset = ?, updated_at = ? WHERE topic = ? AND partition_no = ?")) {
            update.setLong(1, nextOffset);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, partition.topic());
            update.setInt(4, partition.partition());
            update.executeUpdate();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Forgets a partition's position and applied mark (its topic was created anew: its offsets start over). */
    void forget(TopicPartition partition) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM consumer_position WHERE topic = ? AND partition_no = ?")) {
            delete.setString(1, partition.topic());
            delete.setInt(2, partition.partition());
            delete.executeUpdate();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    // ---- windows ----

    /** The windows with cells waiting for judgement: start → end. */
    Map<Instant, Instant> pendingWindows() throws SQLException {
        Map<Instant, Instant> windows = new TreeMap<>();
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT DISTINCT window_start, window_end FROM pending_cell");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                windows.put(
                        rows.getTimestamp(1).toInstant(), rows.getTimestamp(2).toInstant());
            }
        }
        connection.commit();
        return windows;
    }

    /** The starts of the windows judged at or after this instant. */
    List<Instant> judgedSince(Instant from) throws SQLException {
        List<Instant> judged = new ArrayList<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT window_start FROM judged_window WHERE window_start >= ?")) {
            select.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    judged.add(rows.getTimestamp(1).toInstant());
                }
            }
        }
        connection.commit();
        return judged;
    }

    /**
     * Whether the window was judged already (by a replica whose judgement this one no longer remembers); its cells
     * that waited are then dropped, in the same transaction.
     */
    boolean alreadyJudged(Instant windowStart) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT 1 FROM judged_window WHERE window_start = ?")) {
            select.setTimestamp(1, Timestamp.from(windowStart));
            boolean judged;
            try (ResultSet rows = select.executeQuery()) {
                judged = rows.next();
            }
            if (judged) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM pending_cell WHERE window_start = ?")) {
                    delete.setTimestamp(1, Timestamp.from(windowStart));
                    delete.executeUpdate();
                }
            }
            connection.commit();
            return judged;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** A window's cells, in a fixed order (dimensions, then where they were read). */
    List<CubeCell> cells(Instant windowStart) throws SQLException {
        List<CubeCell> cells = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT cell FROM pending_cell WHERE window_start = ? ORDER BY cell_key, partition_no, topic_offset")) {
            select.setTimestamp(1, Timestamp.from(windowStart));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    cells.add(readContract(rows.getString(1), CubeCell.class));
                }
            }
        }
        connection.commit();
        return cells;
    }

    /** The end of the newest window judged, if any. */
    Optional<Instant> lastJudgedEnd() throws SQLException {
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT window_end FROM judged_window ORDER BY seq DESC LIMIT 1");
                ResultSet rows = select.executeQuery()) {
            Optional<Instant> end =
                    rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            connection.commit();
            return end;
        }
    }

    // ---- the detector's state ----

    /** The latest detector snapshot and the sequence number of the last window it includes. */
    Optional<Map.Entry<Long, byte[]>> snapshot() throws SQLException {
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT through_seq, state FROM detector_snapshot WHERE id = 1");
                ResultSet rows = select.executeQuery()) {
            Optional<Map.Entry<Long, byte[]>> snapshot =
                    rows.next() ? Optional.of(Map.entry(rows.getLong(1), rows.getBytes(2))) : Optional.empty();
            connection.commit();
            return snapshot;
        }
    }

    /** The windows judged after sequence number {@code seq}, in the order judged, with what the detector observed in each. */
    List<JudgedSeries> judgedAfter(long seq) throws SQLException {
        List<JudgedSeries> judged = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, window_start, series FROM judged_window WHERE seq > ? AND series IS NOT NULL ORDER BY seq")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    judged.add(new JudgedSeries(
                            rows.getLong(1), rows.getTimestamp(2).toInstant(), readSeries(rows.getBytes(3))));
                }
            }
        }
        connection.commit();
        return judged;
    }

    // ---- judging a window ----

    /**
     * Locks and reads the correlator's state for a window ending at {@code windowEnd}: the incidents that are active or
     * resolved recently enough to re-open, and the findings pending after the last window judged. Opens the window's
     * transaction: the locks keep an acknowledgement or manual resolution from interleaving with it.
     */
    CorrelatorState lockCorrelatorState(Instant windowEnd, Duration cooldown) throws SQLException {
        List<Incident> incidents = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + INCIDENT_COLUMNS
                + " FROM incident WHERE status <> 'RESOLVED' OR resolved_at >= ? ORDER BY onset, id FOR UPDATE")) {
            select.setTimestamp(1, Timestamp.from(windowEnd.minus(cooldown)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    incidents.add(incident(rows));
                }
            }
        }
        Map<String, Finding> pending = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT pending_findings FROM judged_window ORDER BY seq DESC LIMIT 1");
                ResultSet rows = select.executeQuery()) {
            if (rows.next()) {
                pending.putAll(readState(rows.getString(1), new TypeReference<Map<String, Finding>>() {}));
            }
        }
        return new CorrelatorState(incidents, pending);
    }

    /**
     * Completes an early judgement's transaction (opened after {@link #lockCorrelatorState}): the incidents and their
     * notifications.
     */
    void recordEarly(List<Incident> opened, List<Notification> notifications, Instant now) throws SQLException {
        try {
            writeIncidents(opened, now);
            writeOutbox(notifications, now);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /**
     * Completes the window's transaction: the incidents changed, their notifications, the window as judged (with what the
     * detector observed and the findings now pending), its cells released, and when due a detector snapshot.
     *
     * @param snapshot the detector's state after this window, or null when no snapshot is due
     * @return the window's sequence number
     */
    long recordJudgement(
            WindowBuffer.Window window,
            int cellCount,
            List<WindowAnalysis.SeriesTotal> series,
            List<Incident> changed,
            List<Notification> notifications,
            Map<String, Finding> pending,
            byte[] snapshot,
            Instant now)
            throws SQLException {
        try {
            writeIncidents(changed, now);
            writeOutbox(notifications, now);
            long seq;
            try (PreparedStatement next =
                            connection.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM judged_window");
                    ResultSet rows = next.executeQuery()) {
                rows.next();
                seq = rows.getLong(1);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO judged_window (window_start, window_end, seq, judged_at, judged_by, cells, series, "
                            + "pending_findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                insert.setTimestamp(1, Timestamp.from(window.start()));
                insert.setTimestamp(2, Timestamp.from(window.end()));
                insert.setLong(3, seq);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setString(5, instance);
                insert.setInt(6, cellCount);
                insert.setBytes(7, snapshot == null ? writeSeries(series) : null);
                insert.setString(8, stateJson(pending));
                insert.executeUpdate();
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM pending_cell WHERE window_start = ?")) {
                delete.setTimestamp(1, Timestamp.from(window.start()));
                delete.executeUpdate();
            }
            if (snapshot != null) {
                try (PreparedStatement upsert = connection.prepareStatement(
                                "INSERT INTO detector_snapshot (id, through_seq, state, taken_at) VALUES (1, ?, ?, ?) "
                                        + "ON CONFLICT (id) DO UPDATE SET through_seq = EXCLUDED.through_seq, "
                                        + "state = EXCLUDED.state, taken_at = EXCLUDED.taken_at");
                        PreparedStatement release = connection.prepareStatement(
                                "UPDATE judged_window SET series = NULL WHERE seq < ? AND series IS NOT NULL")) {
                    upsert.setLong(1, seq);
                    upsert.setBytes(2, snapshot);
                    upsert.setTimestamp(3, Timestamp.from(now));
                    upsert.executeUpdate();
                    release.setLong(1, seq);
                    release.executeUpdate();
                }
            }
            connection.commit();
            return seq;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Active incidents by kind, as committed. */
    Map<IncidentKind, Long> activeByKind() throws SQLException {
        Map<IncidentKind, Long> counts = new EnumMap<>(IncidentKind.class);
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT kind, count(*) FROM incident WHERE status <> 'RESOLVED' GROUP BY kind");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(IncidentKind.valueOf(rows.getString(1)), rows.getLong(2));
            }
        }
        connection.commit();
        return counts;
    }

    /** Every declared maintenance window, cancelled ones included. */
    List<MaintenanceWindow> maintenanceWindows() throws SQLException {
        List<MaintenanceWindow> windows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(MaintenanceRows.SELECT_ALL);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                windows.add(MaintenanceRows.read(rows));
            }
        }
        connection.commit();
        return windows;
    }

    void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction with it
        }
    }

    // ---- incidents and the outbox, shared with the API's transactions ----

    static final String INCIDENT_COLUMNS =
            "id, kind, status, scope, onset, detected_at, last_seen_at, resolved_at, affected_terminals, failures, "
                    + "evidence, action, quiet_windows, reopened, absorbed, still_failing, causes, terminals, "
                    + "detected_window_end, acquirers, actions";

    static Incident incident(ResultSet row) throws SQLException {
        return new Incident(
                row.getString("id"),
                IncidentKind.valueOf(row.getString("kind")),
                Incident.Status.valueOf(row.getString("status")),
                IncidentMapping.read(row.getString("scope"), new TypeReference<Map<String, String>>() {}),
                instant(row, "onset"),
                instant(row, "detected_at"),
                instant(row, "detected_window_end"),
                instant(row, "last_seen_at"),
                instant(row, "resolved_at"),
                row.getLong("affected_terminals"),
                row.getLong("still_failing"),
                row.getLong("failures"),
                IncidentMapping.read(row.getString("evidence"), new TypeReference<Map<String, Long>>() {}),
                row.getString("action"),
                row.getInt("quiet_windows"),
                row.getInt("reopened"),
                IncidentMapping.read(row.getString("absorbed"), new TypeReference<List<Map<String, String>>>() {}),
                IncidentMapping.read(row.getString("causes"), new TypeReference<Map<Cause, Long>>() {}),
                row.getBytes("terminals") == null ? null : TerminalTally.fromBytes(row.getBytes("terminals")),
                acquirers(row),
                IncidentMapping.read(row.getString("actions"), new TypeReference<Map<String, String>>() {}));
    }

    private static SortedSet<String> acquirers(ResultSet row) throws SQLException {
        Array array = row.getArray("acquirers");
        return array == null ? null : new TreeSet<>(Arrays.asList((String[]) array.getArray()));
    }

    void writeIncidents(List<Incident> changed, Instant now) throws SQLException {
        writeIncidents(connection, changed, now);
    }

    void writeOutbox(List<Notification> notifications, Instant now) throws SQLException {
        writeOutbox(connection, notifications, now);
    }

    /** Inserts or replaces incident rows; the first acknowledgement's time is kept. */
    static void writeIncidents(Connection connection, List<Incident> changed, Instant now) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO incident (" + INCIDENT_COLUMNS + ", acknowledged_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) ON "
                        + "CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status, "
                        + "scope = EXCLUDED.scope, onset = EXCLUDED.onset, detected_at = EXCLUDED.detected_at, "
                        + "last_seen_at = EXCLUDED.last_seen_at, resolved_at = EXCLUDED.resolved_at, "
                        + "affected_terminals = EXCLUDED.affected_terminals, failures = EXCLUDED.failures, "
                        + "evidence = EXCLUDED.evidence, action = EXCLUDED.action, "
                        + "quiet_windows = EXCLUDED.quiet_windows, reopened = EXCLUDED.reopened, "
                        + "absorbed = EXCLUDED.absorbed, still_failing = EXCLUDED.still_failing, "
                        + "causes = EXCLUDED.causes, terminals = EXCLUDED.terminals, "
                        + "detected_window_end = EXCLUDED.detected_window_end, acquirers = EXCLUDED.acquirers, "
                        + "actions = EXCLUDED.actions, acknowledged_at = COALESCE(incident.acknowledged_at, "
                        + "EXCLUDED.acknowledged_at), updated_at = EXCLUDED.updated_at")) {
            for (Incident incident : changed) {
                upsert.setString(1, incident.id());
                upsert.setString(2, incident.kind().name());
                upsert.setString(3, incident.status().name());
                upsert.setString(4, IncidentMapping.json(incident.scope()));
                upsert.setTimestamp(5, Timestamp.from(incident.onset()));
                upsert.setTimestamp(6, Timestamp.from(incident.detectedAt()));
                upsert.setTimestamp(7, Timestamp.from(incident.lastSeenAt()));
                upsert.setTimestamp(8, incident.resolvedAt() == null ? null : Timestamp.from(incident.resolvedAt()));
                upsert.setLong(9, incident.affectedTerminals());
                upsert.setLong(10, incident.failures());
                upsert.setString(11, IncidentMapping.json(incident.evidence()));
                upsert.setString(12, incident.action());
                upsert.setInt(13, incident.quietWindows());
                upsert.setInt(14, incident.reopened());
                upsert.setString(15, IncidentMapping.json(incident.absorbed()));
                upsert.setLong(16, incident.stillFailing());
                upsert.setString(17, IncidentMapping.json(incident.causes()));
                upsert.setBytes(18, incident.tally().toBytes());
                upsert.setTimestamp(
                        19, incident.detectedWindowEnd() == null ? null : Timestamp.from(incident.detectedWindowEnd()));
                upsert.setArray(
                        20,
                        connection.createArrayOf("text", incident.acquirers().toArray()));
                upsert.setString(21, IncidentMapping.json(incident.actions()));
                upsert.setTimestamp(22, incident.status() == Incident.Status.ACKNOWLEDGED ? Timestamp.from(now) : null);
                upsert.setTimestamp(23, Timestamp.from(now));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    static void writeOutbox(Connection connection, List<Notification> notifications, Instant now) throws SQLException {
        if (notifications.isEmpty()) {
            return;
        }
        lockOutbox(connection);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO notification_outbox (incident_id, receiver, payload, created_at, "
                        + "next_attempt_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Notification notification : notifications) {
                insert.setString(1, notification.incidentId());
                insert.setString(2, notification.receiver());
                insert.setString(3, notification.payload());
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setTimestamp(5, Timestamp.from(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The transaction-scoped advisory lock writers of the outbox take turns on ("posmon-outbox" after the leader's). */
    static final long OUTBOX_LOCK = LeaderLock.KEY + 1;

    /**
     * Writers of the outbox take turns, each until its transaction ends. Which row of an incident is sent is decided by
     * row id (the newest wins, {@code OutboxOrder}), so a row must never get a higher id than a row carrying a newer
     * state. The periodic re-send reads the firing incidents and then writes them: were a window's judgement to
     * resolve an incident and write its "resolved" row between that read and that write, the re-send's stale "firing"
     * row would be newer and the resolution never sent. The re-send takes this lock before it reads, every other
     * writer before it writes (after changing its incidents): whoever comes second writes after the first committed,
     * and the re-send, when second, reads the incident as resolved.
     */
    static void lockOutbox(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, OUTBOX_LOCK);
            lock.executeQuery().close();
        }
    }

    // ---- encodings ----

    private static final String ROLLUP_ADD =
            "INSERT INTO hourly_rollup (hour, province, host, carrier, model, firmware, attempts, successes, failures, "
                    + "failures_by_cause, failing_terminals, acquirer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (hour, acquirer, province, host, carrier, model, firmware) DO UPDATE SET "
                    + "attempts = hourly_rollup.attempts + EXCLUDED.attempts, successes = hourly_rollup.successes + "
                    + "EXCLUDED.successes, failures = hourly_rollup.failures + EXCLUDED.failures, "
                    + "failures_by_cause = posmon_add_counts(hourly_rollup.failures_by_cause, EXCLUDED.failures_by_cause), "
                    + "failing_terminals = hourly_rollup.failing_terminals + EXCLUDED.failing_terminals";

    private static void bindRollup(PreparedStatement rollup, CubeCell cell) throws SQLException {
        Map<String, Long> byCause = new TreeMap<>();
        cell.failuresByCause().forEach((cause, n) -> byCause.put(cause.name(), n));
        rollup.setTimestamp(1, Timestamp.from(cell.windowStart().truncatedTo(ChronoUnit.HOURS)));
        rollup.setString(2, cell.province());
        rollup.setString(3, cell.host());
        rollup.setString(4, cell.carrier());
        rollup.setString(5, cell.model());
        rollup.setString(6, cell.firmware());
        rollup.setLong(7, cell.attempts());
        rollup.setLong(8, cell.successes());
        rollup.setLong(9, cell.failures());
        rollup.setString(10, IncidentMapping.json(byCause));
        rollup.setLong(11, cell.failingTerminals());
        rollup.setString(12, cell.acquirer());
    }

    private static void bindHealth(PreparedStatement insert, TerminalHealth health) throws SQLException {
        insert.setString(1, health.terminalId());
        insert.setString(2, health.state().name());
        insert.setTimestamp(3, Timestamp.from(health.since()));
        insert.setTimestamp(4, Timestamp.from(health.at()));
        insert.setString(5, health.cause() == null ? null : health.cause().name());
        insert.setInt(6, health.consecutiveFailures());
        insert.setString(7, health.province());
        insert.setString(8, health.host());
        insert.setString(9, health.merchantId());
        insert.setString(10, health.acquirer());
        insert.setString(11, health.carrier());
        insert.setString(12, health.model());
        insert.setString(13, health.firmware());
        insert.setString(14, health.app());
        insert.setString(15, health.region());
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** What the detector observed in a window, compactly: series name, attempts, failures; deflated. */
    static byte[] writeSeries(List<WindowAnalysis.SeriesTotal> series) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(series.size());
            for (WindowAnalysis.SeriesTotal total : series) {
                out.writeUTF(total.series());
                out.writeLong(total.attempts());
                out.writeLong(total.failures());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<WindowAnalysis.SeriesTotal> readSeries(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(bytes)))) {
            int count = in.readInt();
            List<WindowAnalysis.SeriesTotal> series = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                series.add(new WindowAnalysis.SeriesTotal(in.readUTF(), in.readLong(), in.readLong()));
            }
            return series;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stateJson(Object value) {
        try {
            return STATE_JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T readState(String json, TypeReference<T> type) {
        try {
            return STATE_JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T readContract(String json, Class<T> type) {
        try {
            return CONTRACT_JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
