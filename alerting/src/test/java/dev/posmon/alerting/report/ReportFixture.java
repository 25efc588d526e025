package dev.posmon.alerting.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.posmon.alerting.report.ReportData.HealthEvent;
import dev.posmon.alerting.report.ReportData.Rollup;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The report fixture: week 2026-W47 in Asia/Shanghai (Mon 2026-11-16 00:00 +08:00 = 2026-11-15T16:00Z to
 * 2026-11-22T16:00Z) and the week before it, with figures small enough to compute by hand (ReportBuilderTest
 * writes the arithmetic out). Served from memory ({@link #data()}) or inserted into PostgreSQL ({@link #insert}).
 *
 * <ul>
 *   <li>W47, every hour except Tue 02:00–14:00 and Thu 09:00–10:00 local (13 hours without data, 155 with):
 *       row A (440000, HR1, CMCC, P2000, FW-7.4) 100 attempts, 99 successes, 1 NETWORK failure; row B (110000, HR2,
 *       CUCC, P3000, FW-2.0) 50 attempts, 50 successes — except Wed 10:00 and 11:00, when HR2 was down: 10
 *       successes, 40 HOST_UNAVAILABLE. Mon 09:00 also row D (650000, HR1, CMCC, P2000, FW-7.4): 5 attempts, 2
 *       successes, 3 KEY_MAC.</li>
 *   <li>W46, all 168 hours: row A with 100 attempts, 98 successes, 1 NETWORK and 1 HOST_UNAVAILABLE.</li>
 * </ul>
 */
final class ReportFixture {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final IsoWeek WEEK = IsoWeek.parse("2026-W47");
    static final Instant START = Instant.parse("2026-11-15T16:00:00Z");
    static final Instant END = Instant.parse("2026-11-22T16:00:00Z");
    /** When the fixture's report is generated: the Thursday after the week. */
    static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");

    final List<Rollup> rollups = new ArrayList<>();
    final List<IncidentRecord> incidents = new ArrayList<>();
    final List<MaintenanceWindow> maintenance = new ArrayList<>();
    final List<HealthEvent> health = new ArrayList<>();

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    /** The full fixture. */
    static ReportFixture standard() {
        ReportFixture f = new ReportFixture();
        f.currentWeekRollups();
        f.previousWeekRollups();
        f.incidents();
        f.maintenance();
        f.health();
        return f;
    }

    void currentWeekRollups() {
        for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
            if (inGap(hour)) {
                continue;
            }
            rollups.add(
                    new Rollup(hour, "440000", "HR1", "CMCC", "P2000", "FW-7.4", 100, 99, 1, Map.of("NETWORK", 1L)));
            boolean outage = hour.equals(local("2026-11-18T10:00")) || hour.equals(local("2026-11-18T11:00"));
            rollups.add(
                    outage
                            ? new Rollup(
                                    hour,
                                    "110000",
                                    "HR2",
                                    "CUCC",
                                    "P3000",
                                    "FW-2.0",
                                    50,
                                    10,
                                    40,
                                    Map.of("HOST_UNAVAILABLE", 40L))
                            : new Rollup(hour, "110000", "HR2", "CUCC", "P3000", "FW-2.0", 50, 50, 0, Map.of()));
        }
        rollups.add(new Rollup(
                local("2026-11-16T09:00"), "650000", "HR1", "CMCC", "P2000", "FW-7.4", 5, 2, 3, Map.of("KEY_MAC", 3L)));
    }

    static boolean inGap(Instant hour) {
        return (!hour.isBefore(local("2026-11-17T02:00")) && hour.isBefore(local("2026-11-17T14:00")))
                || hour.equals(local("2026-11-19T09:00"));
    }

    void previousWeekRollups() {
        for (Instant hour = START.minus(Duration.ofDays(7));
                hour.isBefore(START);
                hour = hour.plus(Duration.ofHours(1))) {
            rollups.add(new Rollup(
                    hour,
                    "440000",
                    "HR1",
                    "CMCC",
                    "P2000",
                    "FW-7.4",
                    100,
                    98,
                    2,
                    Map.of("NETWORK", 1L, "HOST_UNAVAILABLE", 1L)));
        }
    }

    void incidents() {
        incidents.add(incident(
                "rpt-i1",
                "HOST_OUTAGE",
                Map.of("host", "HR2"),
                "2026-11-18T02:00:00Z",
                90,
                "2026-11-18T04:00:00Z",
                40,
                80));
        incidents.add(incident(
                "rpt-i2",
                "NETWORK_OUTAGE",
                Map.of("province", "440000", "carrier", "CMCC"),
                "2026-11-20T12:00:00Z",
                150,
                "2026-11-20T12:30:00Z",
                25,
                30));
        incidents.add(incident(
                "rpt-i3",
                "PLANNED_MAINTENANCE",
                Map.of("host", "HR1"),
                "2026-11-21T15:05:00Z",
                60,
                "2026-11-21T15:25:00Z",
                60,
                200));
        incidents.add(incident(
                "rpt-i4",
                "SOFTWARE_DEFECT",
                Map.of("model", "P3000", "firmware", "FW-2.0"),
                "2026-11-15T10:00:00Z",
                300,
                "2026-11-16T02:00:00Z",
                12,
                50));
        incidents.add(incident("rpt-i5", "KEY_SYNC", Map.of("host", "HR1"), "2026-11-22T10:00:00Z", 30, null, 8, 20));
        incidents.add(incident(
                "rpt-i6",
                "HOST_OUTAGE",
                Map.of("host", "HR1"),
                "2026-11-10T02:00:00Z",
                60,
                "2026-11-10T03:00:00Z",
                10,
                10));
    }

    private static IncidentRecord incident(
            String id,
            String kind,
            Map<String, String> scope,
            String onset,
            long detectionSeconds,
            String resolvedAt,
            long terminals,
            long failures) {
        Instant start = Instant.parse(onset);
        return new IncidentRecord(
                id,
                kind,
                resolvedAt == null ? "OPEN" : "RESOLVED",
                scope,
                start,
                // opened at the end of the window detectionSeconds after the onset (event time), three hours later on
                // the wall clock, as when traffic is replayed: the report measures detection in event time
                start.plusSeconds(detectionSeconds).plus(Duration.ofHours(3)),
                start.plusSeconds(detectionSeconds),
                resolvedAt == null ? null : Instant.parse(resolvedAt),
                terminals,
                terminals / 2,
                failures,
                Map.of("91", failures),
                "act",
                0,
                List.of());
    }

    void maintenance() {
        maintenance.add(new MaintenanceWindow(
                "rpt-mw1",
                "HR1",
                Instant.parse("2026-11-01T15:00:00Z"),
                null,
                "FREQ=DAILY",
                Duration.ofMinutes(30),
                "Asia/Shanghai",
                "daily cut-over",
                null));
        maintenance.add(new MaintenanceWindow(
                "rpt-mw2",
                "HR2",
                Instant.parse("2026-11-19T18:00:00Z"),
                Instant.parse("2026-11-19T20:00:00Z"),
                null,
                null,
                null,
                "core upgrade",
                null));
        maintenance.add(new MaintenanceWindow(
                "rpt-mw3",
                "HR3",
                Instant.parse("2026-11-20T00:00:00Z"),
                Instant.parse("2026-11-20T01:00:00Z"),
                null,
                null,
                null,
                "cancelled upgrade",
                Instant.parse("2026-11-19T00:00:00Z")));
    }

    void health() {
        // TR1 stuck Tue 10:20 local to Thu 01:00 local: Tue, Wed, Thu; 38 h 40 min
        health.add(event("TR1", "MR1", "STUCK", "2026-11-17T02:20:00Z", "2026-11-17T03:00:00Z", "NETWORK"));
        health.add(event("TR1", "MR1", "RECOVERED", "2026-11-18T17:00:00Z", "2026-11-18T17:00:00Z", "NETWORK"));
        // TR2 stuck since the week before, until Mon 12:00 local (12 h this week); then two sign-on loops
        health.add(event("TR2", "MR1", "STUCK", "2026-11-13T23:00:00Z", "2026-11-14T00:00:00Z", "HOST_UNAVAILABLE"));
        health.add(
                event("TR2", "MR1", "RECOVERED", "2026-11-16T04:00:00Z", "2026-11-16T04:00:00Z", "HOST_UNAVAILABLE"));
        health.add(event("TR2", "MR1", "SIGNON_LOOP", "2026-11-19T04:50:00Z", "2026-11-19T05:00:00Z", null));
        health.add(event("TR2", "MR1", "RECOVERED", "2026-11-19T06:00:00Z", "2026-11-19T06:00:00Z", null));
        health.add(event("TR2", "MR1", "SIGNON_LOOP", "2026-11-20T04:50:00Z", "2026-11-20T05:00:00Z", null));
        // TR3 one loop, never stuck
        health.add(event("TR3", "MR2", "SIGNON_LOOP", "2026-11-17T00:50:00Z", "2026-11-17T01:00:00Z", null));
        health.add(event("TR3", "MR2", "RECOVERED", "2026-11-17T02:00:00Z", "2026-11-17T02:00:00Z", null));
        // TR4 (no merchant known) stuck Sun 19:00 local to the end of the week: 5 h this week
        health.add(event("TR4", null, "STUCK", "2026-11-22T11:00:00Z", "2026-11-22T12:00:00Z", "KEY_MAC"));
        // TR5 stuck and recovered long before the week: nothing this week
        health.add(event("TR5", "MR3", "STUCK", "2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z", "NETWORK"));
        health.add(event("TR5", "MR3", "RECOVERED", "2026-11-02T00:00:00Z", "2026-11-02T00:00:00Z", "NETWORK"));
        // TR6 stuck since before the week began (reported inside it), until Mon 10:00 local: 10 h this week
        health.add(event("TR6", "MR2", "STUCK", "2026-11-15T12:00:00Z", "2026-11-16T01:00:00Z", "SOFTWARE"));
        health.add(event("TR6", "MR2", "RECOVERED", "2026-11-16T02:00:00Z", "2026-11-16T02:00:00Z", "SOFTWARE"));
    }

    private static HealthEvent event(
            String terminal, String merchant, String state, String since, String at, String cause) {
        return new HealthEvent(
                terminal,
                merchant,
                state,
                Instant.parse(since),
                Instant.parse(at),
                cause,
                terminal.equals("TR2") ? "110000" : "440000",
                terminal.equals("TR2") ? "HR2" : "HR1");
    }

    /** The fixture answering as {@link ReportSource} does from the database. */
    ReportData data() {
        return new ReportData() {
            @Override
            public void rollups(Instant from, Instant to, Consumer<Rollup> sink) {
                rollups.stream()
                        .filter(r -> !r.hour().isBefore(from) && r.hour().isBefore(to))
                        .forEach(sink);
            }

            @Override
            public List<IncidentRecord> incidents(Instant from, Instant to) {
                return incidents.stream()
                        .filter(i -> i.onset().isBefore(to)
                                && (i.resolvedAt() == null || !i.resolvedAt().isBefore(from)))
                        .toList();
            }

            @Override
            public List<MaintenanceWindow> maintenanceWindows() {
                return maintenance;
            }

            @Override
            public List<HealthEvent> health(Instant from, Instant to) {
                List<HealthEvent> events = new ArrayList<>(health.stream()
                        .filter(e -> !e.at().isBefore(from) && e.at().isBefore(to))
                        .toList());
                health.stream()
                        .filter(e -> e.at().isBefore(from))
                        .collect(Collectors.groupingBy(
                                HealthEvent::terminalId, Collectors.maxBy(Comparator.comparing(HealthEvent::at))))
                        .values()
                        .forEach(latest -> latest.ifPresent(events::add));
                return events;
            }
        };
    }

    /** Replaces the rows of the fixture's weeks in alerting's tables (their rollups, incidents and windows) and its terminals. */
    void insert(Connection c) throws SQLException {
        try (var clean = c.createStatement()) {
            clean.executeUpdate("DELETE FROM hourly_rollup WHERE hour >= '" + START.minus(Duration.ofDays(7))
                    + "' AND hour < '" + END + "'");
            // the report covers every incident and window of its weeks, not only the fixture's: rows an earlier run
            // left on
            // this database (an incident or a daily window opened in 1990 and never closed) would join them
            String from = "'" + START.minus(Duration.ofDays(7)) + "'";
            clean.executeUpdate("DELETE FROM incident WHERE id LIKE 'rpt-%' OR (onset < '" + END
                    + "' AND (resolved_at IS NULL OR resolved_at >= " + from + "))");
            clean.executeUpdate("DELETE FROM maintenance_window WHERE id LIKE 'rpt-%' OR (starts_at < '" + END
                    + "' AND (cancelled_at IS NULL OR " + "cancelled_at > " + from
                    + ") AND (ends_at IS NULL OR ends_at > " + from + "))");
            clean.executeUpdate("DELETE FROM terminal_health_event WHERE terminal_id LIKE 'TR%'");
        }
        batch(
                c,
                "INSERT INTO hourly_rollup (hour, province, host, carrier, model, firmware, attempts, successes, failures, failures_by_cause, "
                        + "failing_terminals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                rollups,
                (q, r) -> {
                    q.setObject(1, ReportSource.utc(r.hour()));
                    q.setString(2, r.province());
                    q.setString(3, r.host());
                    q.setString(4, r.carrier());
                    q.setString(5, r.model());
                    q.setString(6, r.firmware());
                    q.setLong(7, r.attempts());
                    q.setLong(8, r.successes());
                    q.setLong(9, r.failures());
                    q.setString(10, json(r.failuresByCause()));
                });
        batch(
                c,
                "INSERT INTO incident (id, kind, status, scope, onset, detected_at, last_seen_at, resolved_at, affected_terminals, failures, "
                        + "evidence, action, detected_window_end, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                incidents,
                (q, i) -> {
                    q.setString(1, i.id());
                    q.setString(2, i.kind());
                    q.setString(3, i.status());
                    q.setString(4, json(i.scope()));
                    q.setObject(5, utc(i.onset()));
                    q.setObject(6, utc(i.detectedAt()));
                    q.setObject(7, utc(i.detectedWindowEnd()));
                    q.setObject(8, utc(i.resolvedAt()));
                    q.setLong(9, i.affectedTerminals());
                    q.setLong(10, i.failures());
                    q.setString(11, json(i.evidence()));
                    q.setString(12, i.action());
                    q.setObject(13, utc(i.detectedWindowEnd()));
                });
        batch(
                c,
                "INSERT INTO maintenance_window (id, host_id, starts_at, ends_at, rrule, duration, timezone, reason, created_at, cancelled_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?)",
                maintenance,
                (q, w) -> {
                    q.setString(1, w.id());
                    q.setString(2, w.hostId());
                    q.setObject(3, utc(w.start()));
                    q.setObject(4, utc(w.end()));
                    q.setString(5, w.rrule());
                    q.setString(6, w.duration() == null ? null : w.duration().toString());
                    q.setString(7, w.timezone());
                    q.setString(8, w.reason());
                    q.setObject(9, utc(w.cancelledAt()));
                });
        batch(
                c,
                "INSERT INTO terminal_health_event (terminal_id, merchant_id, state, since, at, cause, consecutive_failures, province, host) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                health,
                (q, e) -> {
                    q.setString(1, e.terminalId());
                    q.setString(2, e.merchantId());
                    q.setString(3, e.state());
                    q.setObject(4, utc(e.since()));
                    q.setObject(5, utc(e.at()));
                    q.setString(6, e.cause());
                    q.setString(7, e.province());
                    q.setString(8, e.host());
                });
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private static <T> void batch(Connection c, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(q, row);
                q.addBatch();
            }
            q.executeBatch();
        }
    }

    private static Object utc(Instant at) {
        return at == null ? null : ReportSource.utc(at);
    }

    private static String json(Object value) {
        try {
            return ContractJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
