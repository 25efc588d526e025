package dev.posmon.alerting.incident;

import dev.posmon.alerting.report.ReportCsv;
import dev.posmon.alerting.report.ReportSource;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.cube.TerminalSet;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.registry.Regions;
import dev.posmon.security.AcquirerScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terminals an incident hit, for the support desk to tell their merchants: every terminal whose failure episode
 * (a FAILING transition on {@code terminal.health.v1}) began in the incident's scope between a little before its onset
 * and its resolution, and, while the incident's terminal set is exact (up to 100,000), that set counted it. With its
 * merchant, province and city, host, acquirer, the cause it failed with and where it stands now (still FAILING, STUCK,
 * or RECOVERED at). Oldest first, paged by (first failure, terminal id). Over JDBC; blocking.
 */
public final class AffectedTerminals {

    /** How long before the onset a terminal's failure may have begun: an outage's first failures precede its window. */
    static final Duration LEAD = Duration.ofMinutes(10);

    /**
     * One terminal the incident hit.
     *
     * @param province its province's code (440000), a dimension of the cube
     * @param region   its GB/T 2260 region code in the registry (440305), whose city the list names; null for a failure
     *                 recorded before health transitions carried it
     */
    public record Terminal(
            String terminalId,
            String merchantId,
            String acquirer,
            String province,
            String region,
            String host,
            String carrier,
            String model,
            String firmware,
            String app,
            Instant firstFailedAt,
            String lastCause,
            String state,
            Instant stateSince,
            Instant recoveredAt) {}

    private final ReportSource.Connections connections;

    public AffectedTerminals(ReportSource.Connections connections) {
        this.connections = connections;
    }

    /** Which failures an incident's list holds: the SQL condition on the health table and its parameters. */
    private record Filter(Instant from, String where, List<Object> parameters) {}

    private static Filter filter(IncidentRecord incident, AcquirerScope scope, Instant now, Connection c)
            throws SQLException {
        Instant from = incident.onset().minus(LEAD);
        Instant until = incident.resolvedAt() != null ? incident.resolvedAt() : now;
        StringBuilder where = new StringBuilder("state = 'FAILING' AND at >= ? AND at < ?");
        List<Object> parameters = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(until)));
        for (Map.Entry<String, String> dimension : incident.scope().entrySet()) {
            // the health table has a column of each cube dimension's name
            if (!CubeCell.DIMENSIONS.contains(dimension.getKey())) {
                throw new IllegalStateException("an incident scope of an unknown dimension: " + dimension.getKey());
            }
            where.append(" AND ").append(dimension.getKey()).append(" = ?");
            parameters.add(dimension.getValue());
        }
        if (!scope.all()) {
            where.append(" AND acquirer = ANY(?)");
            parameters.add(c.createArrayOf("text", scope.acquirers().toArray()));
        }
        return new Filter(from, where.toString(), parameters);
    }

    /** A page of the terminals {@code incident} hit that {@code scope} may see. */
    public Paging.Page<Terminal> page(IncidentRecord incident, AcquirerScope scope, Paging.Request page, Instant now)
            throws SQLException {
        try (Connection c = connections.open()) {
            Filter filter = filter(incident, scope, now, c);
            Instant from = filter.from();
            String where = filter.where();
            List<Object> parameters = filter.parameters();
            Optional<TerminalSet> counted = counted(c, incident.id());
            List<Terminal> kept = new ArrayList<>();
            Paging.Cursor after = page.after();
            int batch = Math.max(2 * page.limit(), 100);
            while (kept.size() <= page.limit()) {
                List<Terminal> rows = firstFailures(c, where, parameters, after, batch);
                for (Terminal row : rows) {
                    if (counted.isEmpty() || counted.get().contains(TerminalSet.hash(row.terminalId()))) {
                        kept.add(row);
                    }
                }
                if (rows.size() < batch) {
                    break;
                }
                Terminal last = rows.get(rows.size() - 1);
                after = new Paging.Cursor(last.firstFailedAt(), last.terminalId());
            }
            List<Terminal> items = kept.size() > page.limit() ? kept.subList(0, page.limit()) : kept;
            Paging.Cursor next = kept.size() > page.limit()
                    ? new Paging.Cursor(
                            items.get(items.size() - 1).firstFailedAt(),
                            items.get(items.size() - 1).terminalId())
                    : null;
            return new Paging.Page<>(now(c, items, from), next);
        }
    }

    /** How many terminals of a credential's acquirers an incident hit, and how many of them are failing still. */
    public record Counts(long affected, long stillFailing) {}

    /**
     * The {@link Counts} of the terminals {@code scope} may see: as many as its list holds, and those whose latest
     * transition is a failure (FAILING, STUCK), in one query: what an incident of several acquirers shows one of them
     * instead of every acquirer's counts.
     */
    public Counts counts(IncidentRecord incident, AcquirerScope scope, Instant now) throws SQLException {
        try (Connection c = connections.open()) {
            Filter filter = filter(incident, scope, now, c);
            Optional<TerminalSet> counted = counted(c, incident.id());
            long affected = 0;
            long stillFailing = 0;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT first.terminal_id, (SELECT latest.state FROM terminal_health_event latest "
                            + "WHERE latest.terminal_id = first.terminal_id AND latest.at >= ? "
                            + "ORDER BY latest.at DESC, latest.id DESC LIMIT 1) "
                            + "FROM (SELECT DISTINCT ON (terminal_id) terminal_id FROM terminal_health_event WHERE "
                            + filter.where() + " ORDER BY terminal_id, at) first")) {
                int i = 1;
                q.setTimestamp(i++, Timestamp.from(filter.from()));
                for (Object parameter : filter.parameters()) {
                    q.setObject(i++, parameter);
                }
                q.setFetchSize(1000);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (counted.isPresent() && !counted.get().contains(TerminalSet.hash(rs.getString(1)))) {
                            continue;
                        }
                        affected++;
                        String state = rs.getString(2);
                        stillFailing += "FAILING".equals(state) || "STUCK".equals(state) ? 1 : 0;
                    }
                }
            }
            return new Counts(affected, stillFailing);
        }
    }

    /**
     * The incident as {@code scope} sees it: as it is when it hit only the scope's acquirers; when it hit others too,
     * naming only the scope's, counting only their terminals ({@link #counts}) and without the failures and evidence of
     * every acquirer's terminals ({@link IncidentRecord#seenBy}), so that it tells no tenant about another.
     */
    public IncidentRecord asSeenBy(IncidentRecord incident, AcquirerScope scope, Instant now) throws SQLException {
        List<String> own = incident.acquirers().stream().filter(scope::permits).toList();
        if (scope.all() || own.size() == incident.acquirers().size()) {
            return incident;
        }
        Counts counts = counts(incident, scope, now);
        return incident.seenBy(own, counts.affected(), counts.stillFailing());
    }

    /** The columns of the list, JSON keys and CSV header alike (stable in every language). */
    static final List<String> COLUMNS = List.of(
            "terminalId",
            "merchantId",
            "acquirer",
            "province",
            "provinceName",
            "city",
            "cityName",
            "host",
            "carrier",
            "model",
            "firmware",
            "app",
            "firstFailedAt",
            "lastCause",
            "state",
            "stateSince",
            "recoveredAt");

    /**
     * A terminal as the API shows it; the names of its province and city in {@code language}: the city's code as
     * {@link Regions#cityCode} gives it (440300; a county directly under its province is its own, 429004) and its name
     * (深圳市 / Shenzhen), both absent for a failure recorded before health transitions carried the region, and
     * {@code UNKNOWN} for a terminal not in the registry (like its province).
     */
    public static Map<String, Object> json(Terminal t, Language language) {
        Map<String, Object> row = new LinkedHashMap<>();
        List<Object> values = Arrays.asList(
                t.terminalId(),
                t.merchantId(),
                t.acquirer(),
                t.province(),
                t.province() == null ? null : Regions.provinceName(t.province(), language),
                t.region() == null ? null : Regions.cityCode(t.region()),
                t.region() == null ? null : Regions.cityName(t.region(), language),
                t.host(),
                t.carrier(),
                t.model(),
                t.firmware(),
                t.app(),
                t.firstFailedAt(),
                t.lastCause(),
                t.state(),
                t.stateSince(),
                t.recoveredAt());
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (values.get(i) != null) {
                row.put(COLUMNS.get(i), values.get(i).toString());
            }
        }
        return row;
    }

    /** The rows as CSV, cells neutralised against formula injection like the weekly report's. */
    public static String csv(List<Map<String, Object>> rows) {
        ReportCsv.Table table = new ReportCsv.Table(COLUMNS, new ArrayList<>());
        for (Map<String, Object> row : rows) {
            table.rows().add(COLUMNS.stream().map(row::get).toList());
        }
        return ReportCsv.write(table);
    }

    /** The incident's exact terminal set, while it has one. */
    private static Optional<TerminalSet> counted(Connection c, String incidentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT terminals FROM incident WHERE id = ?")) {
            q.setString(1, incidentId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getBytes(1) == null) {
                    return Optional.empty();
                }
                return TerminalTally.fromBytes(rs.getBytes(1)).affectedIfExact();
            }
        }
    }

    /** Each terminal's first failure episode of the range, in (first failure, id) order after the cursor. */
    private static List<Terminal> firstFailures(
            Connection c, String where, List<Object> parameters, Paging.Cursor after, int limit) throws SQLException {
        String sql =
                "SELECT terminal_id, merchant_id, acquirer, province, region, host, carrier, model, firmware, app, "
                        + "at, cause FROM (SELECT DISTINCT ON (terminal_id) * FROM terminal_health_event WHERE " + where
                        + " ORDER BY terminal_id, at) first"
                        + (after == null ? "" : " WHERE (at, terminal_id) > (?, ?)")
                        + " ORDER BY at, terminal_id LIMIT ?";
        try (PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            for (Object parameter : parameters) {
                q.setObject(i++, parameter);
            }
            if (after != null) {
                q.setTimestamp(i++, Timestamp.from(after.at()));
                q.setString(i++, after.id());
            }
            q.setInt(i, limit);
            List<Terminal> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Terminal(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getTimestamp(11).toInstant(),
                            rs.getString(12),
                            "FAILING",
                            rs.getTimestamp(11).toInstant(),
                            null));
                }
            }
            return rows;
        }
    }

    /** The terminals with where each stands now: its latest transition since the range began. */
    private static List<Terminal> now(Connection c, List<Terminal> terminals, Instant from) throws SQLException {
        if (terminals.isEmpty()) {
            return terminals;
        }
        Map<String, String[]> latest = new HashMap<>();
        Map<String, Instant> latestAt = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT DISTINCT ON (terminal_id) terminal_id, state, at, cause FROM terminal_health_event "
                        + "WHERE terminal_id = ANY(?) AND at >= ? ORDER BY terminal_id, at DESC, id DESC")) {
            q.setArray(
                    1,
                    c.createArrayOf(
                            "text", terminals.stream().map(Terminal::terminalId).toArray()));
            q.setTimestamp(2, Timestamp.from(from));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(4)});
                    latestAt.put(rs.getString(1), rs.getTimestamp(3).toInstant());
                }
            }
        }
        List<Terminal> out = new ArrayList<>(terminals.size());
        for (Terminal t : terminals) {
            String[] now = latest.get(t.terminalId());
            if (now == null) {
                out.add(t);
                continue;
            }
            Instant at = latestAt.get(t.terminalId());
            boolean recovered = "RECOVERED".equals(now[0]);
            out.add(new Terminal(
                    t.terminalId(),
                    t.merchantId(),
                    t.acquirer(),
                    t.province(),
                    t.region(),
                    t.host(),
                    t.carrier(),
                    t.model(),
                    t.firmware(),
                    t.app(),
                    t.firstFailedAt(),
                    recovered || now[1] == null ? t.lastCause() : now[1],
                    now[0],
                    at,
                    recovered ? at : null));
        }
        return out;
    }
}
