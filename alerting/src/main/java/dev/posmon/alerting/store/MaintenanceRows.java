package dev.posmon.alerting.store;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Rows of {@code maintenance_window} read over JDBC (the pipeline's and the report's connections). */
public final class MaintenanceRows {

    /** The columns {@link #read} expects, in order. */
    public static final String SELECT_ALL =
            "SELECT id, host_id, starts_at, ends_at, rrule, duration, timezone, reason, "
                    + "cancelled_at, province, carrier, except_starts, source FROM maintenance_window";

    private MaintenanceRows() {}

    public static MaintenanceWindow read(ResultSet rs) throws SQLException {
        String duration = rs.getString(6);
        return new MaintenanceWindow(
                rs.getString(1),
                rs.getString(2),
                instant(rs, 3),
                instant(rs, 4),
                rs.getString(5),
                duration == null ? null : Duration.parse(duration),
                rs.getString(7),
                rs.getString(8),
                instant(rs, 9),
                rs.getString(10),
                rs.getString(11),
                exceptions(rs.getString(12)),
                rs.getString(13));
    }

    /** {@code except_starts}: comma-separated instants, null for none. */
    public static List<Instant> exceptions(String column) {
        return column == null || column.isBlank()
                ? null
                : Arrays.stream(column.split(",")).map(Instant::parse).toList();
    }

    public static String exceptions(List<Instant> except) {
        return except == null ? null : except.stream().map(Instant::toString).collect(Collectors.joining(","));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
