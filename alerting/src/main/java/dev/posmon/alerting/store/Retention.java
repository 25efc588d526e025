package dev.posmon.alerting.store;

import dev.posmon.alerting.report.ReportSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forgets what alerting's tables no longer need, table by table, each after its own horizon: resolved incidents,
 * notifications delivered or superseded, maintenance windows over or cancelled, rollups, health transitions (all but
 * each terminal's latest, which the report reads as the state a week starts in), stored reports and judged windows.
 * Nothing still in use is touched: an active incident, a notification still to deliver, a recurring window not
 * cancelled, a judged window the detector's last snapshot has not absorbed (restore replays it). Rows go in
 * batches of {@link #BATCH}, each its own short transaction, so that a first run over years of rows does not hold
 * locks the pipeline waits for.
 * Plain class over JDBC.
 */
public final class Retention {

    /** Rows deleted per statement. */
    static final int BATCH = 10_000;

    /** How long each table keeps its rows, counted back from now. */
    public record Horizons(
            Duration incidents,
            Duration notifications,
            Duration maintenanceWindows,
            Duration rollups,
            Duration healthEvents,
            Duration reports,
            Duration judgedWindows) {}

    /** One table's rule: the rows older than the cutoff that may go. {@code ?} is the cutoff; {@code t} the table's alias. */
    private record Rule(String table, String where) {}

    private final ReportSource.Connections connections;

    public Retention(ReportSource.Connections connections) {
        this.connections = connections;
    }

    /** Deletes what is past its horizon at {@code now}; answers the rows deleted per table, in a fixed order. */
    public Map<String, Long> purge(Instant now, Horizons horizons) throws SQLException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (Map.Entry<Rule, Duration> rule : rules(horizons).entrySet()) {
            deleted.put(rule.getKey().table(), purge(rule.getKey(), now.minus(rule.getValue())));
        }
        return deleted;
    }

    private static Map<Rule, Duration> rules(Horizons h) {
        Map<Rule, Duration> rules = new LinkedHashMap<>();
        rules.put(new Rule("incident", "t.status = 'RESOLVED' AND t.resolved_at < ?"), h.incidents());
        rules.put(new Rule("notification_outbox", "(t.delivered_at < ? OR t.superseded_at < ?)"), h.notifications());
        rules.put(
                new Rule("maintenance_window", "(t.cancelled_at < ? OR (t.rrule IS NULL AND t.ends_at < ?))"),
                h.maintenanceWindows());
        rules.put(new Rule("hourly_rollup", "t.hour < ?"), h.rollups());
        rules.put(
                new Rule(
                        "terminal_health_event",
                        "t.at < ? AND EXISTS (SELECT 1 FROM terminal_health_event later "
                                + "WHERE later.terminal_id = t.terminal_id AND later.at > t.at)"),
                h.healthEvents());
        rules.put(new Rule("weekly_report", "t.generated_at < ?"), h.reports());
        // in window time, as the pipeline remembers them; what the snapshot has not absorbed is replayed at restore
        rules.put(
                new Rule(
                        "judged_window",
                        "t.window_start < ? AND t.seq < (SELECT COALESCE(MAX(s.through_seq), 0) FROM detector_snapshot s)"),
                h.judgedWindows());
        return rules;
    }

    private long purge(Rule rule, Instant cutoff) throws SQLException {
        String sql = "DELETE FROM " + rule.table() + " WHERE ctid = ANY(ARRAY(SELECT t.ctid FROM " + rule.table()
                + " t WHERE " + rule.where() + " LIMIT " + BATCH + "))";
        int cutoffs = (int) rule.where().chars().filter(c -> c == '?').count();
        long total = 0;
        try (Connection connection = connections.open();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            connection.setAutoCommit(true);
            for (int i = 1; i <= cutoffs; i++) {
                delete.setTimestamp(i, Timestamp.from(cutoff));
            }
            int rows;
            do {
                rows = delete.executeUpdate();
                total += rows;
            } while (rows == BATCH);
        }
        return total;
    }

    /** The tables a purge visits, in its order. */
    public static List<String> tables() {
        return rules(new Horizons(
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO))
                .keySet()
                .stream()
                .map(Rule::table)
                .toList();
    }
}
