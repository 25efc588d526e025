package dev.posmon.alerting.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.alerting.incident.AffectedTerminals;
import dev.posmon.alerting.store.MaintenanceRows;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.security.AcquirerScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link ReportData} from alerting's PostgreSQL tables over plain JDBC: the same reader serves the service (its
 * datasource) and {@code ./posmon report} (a JDBC URL). Blocking; the service calls it from worker threads. Of every
 * acquirer, or of one ({@link #of}): its rollup rows, the incidents that hit it, its terminals' health.
 */
public final class ReportSource implements ReportData {

    /** Where connections come from: a {@code javax.sql.DataSource}, or {@code DriverManager} with a URL. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> SCOPE = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, String>>> SCOPES = new TypeReference<>() {};
    /** Rows fetched per round trip while streaming a week of rollups. */
    private static final int FETCH_SIZE = 5_000;

    private final Connections connections;
    private final String acquirer;

    public ReportSource(Connections connections) {
        this(connections, null);
    }

    private ReportSource(Connections connections, String acquirer) {
        this.connections = connections;
        this.acquirer = acquirer;
    }

    /** The data of one acquirer; {@code null}: of every acquirer. */
    public ReportSource of(String acquirer) {
        return new ReportSource(connections, acquirer);
    }

    @Override
    public String acquirer() {
        return acquirer;
    }

    /** The acquirers with rollups in {@code [from, to)}, sorted (those a Monday's reports are generated for). */
    public List<String> acquirers(Instant from, Instant to) {
        return query(
                "SELECT DISTINCT acquirer FROM hourly_rollup WHERE hour >= ? AND hour < ? AND acquirer <> 'UNKNOWN' "
                        + "ORDER BY acquirer",
                List.of(from, to),
                rs -> rs.getString(1));
    }

    /** The parameters, and the acquirer after them when the data is of one. */
    private List<Object> withAcquirer(List<Object> parameters) {
        List<Object> all = new ArrayList<>(parameters);
        if (acquirer != null) {
            all.add(acquirer);
        }
        return all;
    }

    /** {@code " AND <condition>"} when the data is of one acquirer. */
    private String ofAcquirer(String condition) {
        return acquirer == null ? "" : " AND " + condition;
    }

    @Override
    public void rollups(Instant from, Instant to, Consumer<Rollup> sink) {
        try (Connection c = connections.open()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams a result set with a fetch size only inside a transaction
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT hour, province, host, carrier, model, firmware, attempts, successes, failures, "
                            + "failures_by_cause FROM hourly_rollup WHERE hour >= ? AND hour < ?"
                            + ofAcquirer("acquirer = ?"))) {
                q.setFetchSize(FETCH_SIZE);
                q.setObject(1, utc(from));
                q.setObject(2, utc(to));
                if (acquirer != null) {
                    q.setString(3, acquirer);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new Rollup(
                                instant(rs, 1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getLong(7),
                                rs.getLong(8),
                                rs.getLong(9),
                                read(rs.getString(10), COUNTS)));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read hourly_rollup: " + e.getMessage(), e);
        }
    }

    /**
     * The incidents active in {@code [from, to)}; of one acquirer, those that hit it, each as a credential of that
     * acquirer sees it ({@link AffectedTerminals#asSeenBy}: one that also hit others counts only its terminals).
     */
    @Override
    public List<IncidentRecord> incidents(Instant from, Instant to) {
        List<IncidentRecord> all = stored(from, to);
        if (acquirer == null) {
            return all;
        }
        AffectedTerminals affected = new AffectedTerminals(connections);
        AcquirerScope scope = AcquirerScope.of(List.of(acquirer));
        List<IncidentRecord> seen = new ArrayList<>(all.size());
        try {
            for (IncidentRecord incident : all) {
                seen.add(affected.asSeenBy(incident, scope, to));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the terminals an incident hit: " + e.getMessage(), e);
        }
        return seen;
    }

    private List<IncidentRecord> stored(Instant from, Instant to) {
        return query(
                "SELECT id, kind, status, scope, onset, detected_at, resolved_at, affected_terminals, failures, "
                        + "evidence, action, reopened, absorbed, still_failing, detected_window_end, "
                        + "acquirers FROM incident WHERE onset < ? AND (resolved_at IS NULL OR resolved_at >= ?)"
                        + ofAcquirer("? = ANY(acquirers)"),
                withAcquirer(List.of(to, from)),
                rs -> new IncidentRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        read(rs.getString(4), SCOPE),
                        instant(rs, 5),
                        instant(rs, 6),
                        instant(rs, 15),
                        instant(rs, 7),
                        rs.getLong(8),
                        rs.getLong(14),
                        rs.getLong(9),
                        read(rs.getString(10), COUNTS),
                        rs.getString(11),
                        rs.getInt(12),
                        read(rs.getString(13), SCOPES),
                        List.of((String[]) rs.getArray(16).getArray())));
    }

    @Override
    public List<MaintenanceWindow> maintenanceWindows() {
        return query(MaintenanceRows.SELECT_ALL, List.of(), MaintenanceRows::read);
    }

    @Override
    public List<HealthEvent> health(Instant from, Instant to) {
        String columns = "terminal_id, merchant_id, state, since, at, cause, province, host";
        return query(
                "SELECT " + columns + " FROM terminal_health_event WHERE at >= ? AND at < ?" + NOT_FAILING
                        + ofAcquirer("acquirer = ?")
                        + " UNION ALL (SELECT DISTINCT ON (terminal_id) " + columns
                        + " FROM terminal_health_event WHERE at < ?" + NOT_FAILING + ofAcquirer("acquirer = ?")
                        + " ORDER BY terminal_id, at DESC, id DESC)",
                acquirer == null ? List.of(from, to, from) : List.of(from, to, acquirer, from, acquirer),
                rs -> new HealthEvent(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        instant(rs, 4),
                        instant(rs, 5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)));
    }

    /**
     * The report counts stuck time and loops; the beginning of every failure episode (FAILING, kept for the list of
     * terminals an incident hit) is no part of either.
     */
    private static final String NOT_FAILING = " AND state <> 'FAILING'";

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> parameters, Row<T> row) {
        try (Connection c = connections.open();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                q.setObject(i + 1, parameter instanceof Instant instant ? utc(instant) : parameter);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the report's data: " + e.getMessage(), e);
        }
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
