package dev.posmon.alerting.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.TestDatabase;
import dev.posmon.alerting.report.ReportSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link Retention} against the real PostgreSQL with alerting's schema: what is past its horizon goes, what is still in
 * use stays, and more rows than one batch go in one purge. The purge runs "in 1995" over rows written for 1990 and
 * late 1994, so that no other test's rows (all of them later) are older than its cutoffs.
 */
class RetentionIT {

    static final Instant NOW = Instant.parse("1995-01-01T00:00:00Z");
    static final Instant OLD = Instant.parse("1990-01-01T00:00:00Z");
    static final Instant RECENT = Instant.parse("1994-12-31T00:00:00Z");
    static final Retention.Horizons HORIZONS = new Retention.Horizons(
            Duration.ofDays(400),
            Duration.ofDays(30),
            Duration.ofDays(400),
            Duration.ofDays(400),
            Duration.ofDays(400),
            Duration.ofDays(730),
            Duration.ofDays(40));

    static PGSimpleDataSource dataSource;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabase.migrated();
    }

    /**
     * The rows this run kept go: an incident left OPEN since 1990 overlaps every later week, and a weekly report of any
     * week (ReportIT's, say) would list it, on this database or on the next run's if the database outlives the run.
     */
    @AfterEach
    void removeThisRunsRows() throws SQLException {
        String prefix = run + "%";
        execute("DELETE FROM notification_outbox WHERE incident_id = ?", run);
        execute("DELETE FROM incident WHERE id LIKE ?", prefix);
        execute("DELETE FROM maintenance_window WHERE id LIKE ?", prefix);
        execute("DELETE FROM terminal_health_event WHERE terminal_id LIKE ?", prefix);
        execute("DELETE FROM weekly_report WHERE zone = ?", "Test/" + run);
        execute("DELETE FROM hourly_rollup WHERE host LIKE ?", prefix);
        execute("DELETE FROM judged_window WHERE judged_by = ?", run);
    }

    /**
     * Judged windows go after {@code posmon.retention.judged-windows} (in window time), unless the detector's last
     * snapshot has not absorbed them: restore replays those. The purge sees a snapshot of its own (a temporary table
     * that hides the real one on its connections), so that the pipeline of an alerting app still running is not
     * disturbed; the rows' negative sequence numbers are below any it writes.
     */
    @Test
    void judgedWindowsGoAfterTheirConfiguredHorizonUnlessTheSnapshotHasNotAbsorbedThem() throws Exception {
        long base = -1_000_000L - Math.abs(run.hashCode() % 1_000_000) * 10L;
        long snapshot = base + 5;
        // left by a run that did not finish
        execute(
                "DELETE FROM judged_window WHERE seq < 0 AND window_start IN (?, ?, ?)",
                OLD,
                OLD.plus(Duration.ofMinutes(1)),
                RECENT);
        judged(OLD, base);
        judged(OLD.plus(Duration.ofMinutes(1)), snapshot + 1);
        judged(RECENT, base + 1);
        ReportSource.Connections withSnapshot = () -> {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement shadow = connection.prepareStatement(
                    "CREATE TEMP TABLE detector_snapshot AS SELECT 1 AS id, ?::bigint AS through_seq")) {
                shadow.setLong(1, snapshot);
                shadow.execute();
            }
            return connection;
        };

        Map<String, Long> deleted = new Retention(withSnapshot).purge(NOW, HORIZONS);

        assertThat(ids(
                        "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM judged_window "
                                + "WHERE judged_by = ?",
                        run))
                .as(
                        "40 days: the old absorbed window goes, the one the snapshot has not absorbed and the recent one stay")
                .containsExactlyInAnyOrder("1990-01-01 00:01", "1994-12-31 00:00");
        assertThat(deleted.get("judged_window")).isGreaterThanOrEqualTo(1);

        Retention.Horizons shorter = new Retention.Horizons(
                HORIZONS.incidents(),
                HORIZONS.notifications(),
                HORIZONS.maintenanceWindows(),
                HORIZONS.rollups(),
                HORIZONS.healthEvents(),
                HORIZONS.reports(),
                Duration.ofHours(12));
        new Retention(withSnapshot).purge(NOW, shorter);
        assertThat(ids(
                        "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM judged_window "
                                + "WHERE judged_by = ?",
                        run))
                .as("a horizon of 12 hours takes the window of a day before too")
                .containsExactly("1990-01-01 00:01");
    }

    private void judged(Instant start, long seq) throws SQLException {
        execute(
                "INSERT INTO judged_window (window_start, window_end, seq, judged_at, judged_by, cells) VALUES (?, ?, ?, ?, ?, 0)",
                start,
                start.plusSeconds(60),
                seq,
                start,
                run);
    }

    @Test
    void whatIsPastItsHorizonGoesAndWhatIsStillInUseStays() throws Exception {
        incident("resolved-old", "RESOLVED", OLD);
        incident("open-old", "OPEN", null);
        incident("resolved-recent", "RESOLVED", RECENT);
        long deliveredOld = notification(OLD, null);
        long supersededOld = notification(null, OLD);
        long pendingOld = notification(null, null);
        long deliveredRecent = notification(RECENT, null);
        window("oneoff-old", OLD, null, null);
        window("daily-old", null, "FREQ=DAILY", null);
        window("daily-cancelled-old", null, "FREQ=DAILY", OLD);
        window("oneoff-recent", RECENT, null, null);
        health("T1", OLD);
        health("T1", OLD.plus(Duration.ofDays(31)));
        health("T2", OLD);
        health("T3", OLD);
        health("T3", RECENT);
        report("1990-W01", OLD);
        report("1994-W52", RECENT);
        execute(
                "INSERT INTO hourly_rollup (hour, province, host, carrier, model, firmware, attempts, successes, failures, failures_by_cause, "
                        + "failing_terminals) SELECT ?, '440000', ? || n, 'CMCC', 'P2000', 'FW', 10, 9, 1, '{}', 1 FROM generate_series(1, "
                        + (Retention.BATCH + 5) + ") n",
                OLD,
                run + "-old-");
        execute(
                "INSERT INTO hourly_rollup (hour, province, host, carrier, model, firmware, attempts, successes, failures, failures_by_cause, "
                        + "failing_terminals) VALUES (?, '440000', ?, 'CMCC', 'P2000', 'FW', 10, 9, 1, '{}', 1)",
                RECENT,
                run + "-recent");

        Map<String, Long> deleted = new Retention(dataSource::getConnection).purge(NOW, HORIZONS);

        assertThat(ids("SELECT id FROM incident WHERE id LIKE ?", run + "%"))
                .containsExactlyInAnyOrder(run + "-open-old", run + "-resolved-recent");
        assertThat(ids("SELECT id::text FROM notification_outbox WHERE incident_id = ?", run))
                .containsExactlyInAnyOrder(String.valueOf(pendingOld), String.valueOf(deliveredRecent))
                .doesNotContain(String.valueOf(deliveredOld), String.valueOf(supersededOld));
        assertThat(ids("SELECT id FROM maintenance_window WHERE id LIKE ?", run + "%"))
                .containsExactlyInAnyOrder(run + "-daily-old", run + "-oneoff-recent");
        assertThat(ids(
                        "SELECT terminal_id || '@' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM terminal_health_event WHERE terminal_id LIKE ?",
                        run + "%"))
                .as("each terminal's latest transition stays")
                .containsExactlyInAnyOrder(run + "-T1@1990-02-01", run + "-T2@1990-01-01", run + "-T3@1994-12-31");
        assertThat(ids("SELECT week FROM weekly_report WHERE zone = ?", "Test/" + run))
                .containsExactly("1994-W52");
        assertThat(ids("SELECT host FROM hourly_rollup WHERE host LIKE ?", run + "%"))
                .as("more old rollups than one batch, all gone")
                .containsExactly(run + "-recent");

        assertThat(deleted.keySet()).containsExactlyElementsOf(Retention.tables());
        assertThat(deleted.get("incident")).isGreaterThanOrEqualTo(1);
        assertThat(deleted.get("notification_outbox")).isGreaterThanOrEqualTo(2);
        assertThat(deleted.get("maintenance_window")).isGreaterThanOrEqualTo(2);
        assertThat(deleted.get("terminal_health_event")).isGreaterThanOrEqualTo(2);
        assertThat(deleted.get("weekly_report")).isGreaterThanOrEqualTo(1);
        assertThat(deleted.get("hourly_rollup")).isGreaterThanOrEqualTo(Retention.BATCH + 5);

        new Retention(dataSource::getConnection).purge(NOW, HORIZONS);
        assertThat(ids("SELECT id FROM incident WHERE id LIKE ?", run + "%"))
                .as("a second purge keeps what the first kept")
                .hasSize(2);
        assertThat(ids("SELECT terminal_id FROM terminal_health_event WHERE terminal_id LIKE ?", run + "%"))
                .hasSize(3);
    }

    private void incident(String id, String status, Instant resolvedAt) throws SQLException {
        execute(
                "INSERT INTO incident (id, kind, status, scope, onset, detected_at, last_seen_at, resolved_at, affected_terminals, failures, "
                        + "evidence, action, updated_at) VALUES (?, 'HOST_OUTAGE', ?, '{}', ?, ?, ?, ?, 1, 1, '{}', 'none', ?)",
                run + "-" + id,
                status,
                OLD,
                OLD,
                OLD,
                resolvedAt,
                OLD);
    }

    private long notification(Instant deliveredAt, Instant supersededAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "INSERT INTO notification_outbox (incident_id, "
                                + "receiver, payload, created_at, next_attempt_at, delivered_at, superseded_at) VALUES (?, ?, '{}', ?, ?, ?, ?) RETURNING id")) {
            // a receiver no worker delivers to: an alerting app left running by an earlier test class must not take
            // these rows
            bind(q, run, "retention-" + run, OLD, OLD, deliveredAt, supersededAt);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void window(String id, Instant endsAt, String rrule, Instant cancelledAt) throws SQLException {
        execute(
                "INSERT INTO maintenance_window (id, host_id, starts_at, ends_at, rrule, duration, timezone, reason, created_at, cancelled_at) "
                        + "VALUES (?, 'H1', ?, ?, ?, ?, ?, 'retention test', ?, ?)",
                run + "-" + id,
                OLD,
                endsAt,
                rrule,
                rrule == null ? null : "PT1H",
                rrule == null ? null : "Asia/Shanghai",
                OLD,
                cancelledAt);
    }

    private void health(String terminal, Instant at) throws SQLException {
        execute(
                "INSERT INTO terminal_health_event (terminal_id, state, since, at, consecutive_failures) VALUES (?, 'FAILING', ?, ?, 1)",
                run + "-" + terminal,
                at,
                at);
    }

    private void report(String week, Instant generatedAt) throws SQLException {
        execute(
                "INSERT INTO weekly_report (week, zone, generated_at, complete, json, html) VALUES (?, ?, ?, true, '{}', '')",
                week,
                "Test/" + run,
                generatedAt);
    }

    private static void execute(String sql, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, values);
            q.executeUpdate();
        }
    }

    private static void bind(PreparedStatement q, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i];
            if (value == null) {
                q.setNull(i + 1, values[i] == null ? Types.NULL : Types.OTHER);
            } else {
                q.setObject(i + 1, value);
            }
        }
    }

    private static List<String> ids(String sql, String parameter) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
