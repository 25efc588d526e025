package dev.posmon.alerting.report;

import dev.posmon.contract.i18n.Language;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Table {@code weekly_report}: the generated reports, one per week, zone, language and acquirer ({@code ""}: every
 * acquirer's), over plain JDBC.
 */
public final class ReportStore {

    /** A stored report. */
    public record Stored(String week, String zone, Instant generatedAt, boolean complete, String json, String html) {}

    /** A stored report without its bodies, for the list. */
    public record Entry(
            String week, String zone, String language, String acquirer, Instant generatedAt, boolean complete) {

        /** Whether this is the report of {@code acquirer} (null: of every acquirer). */
        public boolean of(String acquirer) {
            return this.acquirer.equals(acquirer == null ? ALL : acquirer);
        }
    }

    /** The acquirer column of the report of every acquirer. */
    static final String ALL = "";

    private final ReportSource.Connections connections;

    public ReportStore(ReportSource.Connections connections) {
        this.connections = connections;
    }

    /** Stores a report, replacing the one of the same week, zone, language and acquirer. */
    public void save(WeeklyReport report, Language language, String json, String html) {
        try (Connection c = connections.open();
                PreparedStatement q = c.prepareStatement("INSERT INTO weekly_report (week, zone, generated_at, "
                        + "complete, json, html, language, acquirer) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                        + "(week, zone, language, acquirer) DO UPDATE SET generated_at = EXCLUDED.generated_at, "
                        + "complete = EXCLUDED.complete, json = EXCLUDED.json, html = EXCLUDED.html")) {
            q.setString(1, report.week());
            q.setString(2, report.zone());
            q.setObject(3, ReportSource.utc(report.generatedAt()));
            q.setBoolean(4, report.complete());
            q.setString(5, json);
            q.setString(6, html);
            q.setString(7, language.tag());
            q.setString(8, report.acquirer() == null ? ALL : report.acquirer());
            q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the report of " + report.week() + ": " + e.getMessage(), e);
        }
    }

    /** The stored report of a week, zone and language, of {@code acquirer} (null: of every acquirer). */
    public Optional<Stored> find(IsoWeek week, String zone, Language language, String acquirer) {
        try (Connection c = connections.open();
                PreparedStatement q = c.prepareStatement("SELECT week, zone, generated_at, complete, json, html FROM "
                        + "weekly_report WHERE week = ? AND zone = ? AND language = ? AND acquirer = ?")) {
            q.setString(1, week.toString());
            q.setString(2, zone);
            q.setString(3, language.tag());
            q.setString(4, acquirer == null ? ALL : acquirer);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Stored(
                                rs.getString(1),
                                rs.getString(2),
                                ReportSource.instant(rs, 3),
                                rs.getBoolean(4),
                                rs.getString(5),
                                rs.getString(6)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read weekly_report: " + e.getMessage(), e);
        }
    }

    /** Every stored report, newest week first. */
    public List<Entry> list() {
        try (Connection c = connections.open();
                PreparedStatement q = c.prepareStatement(
                        "SELECT week, zone, language, acquirer, generated_at, complete FROM weekly_report "
                                + "ORDER BY week DESC, zone, acquirer, language");
                ResultSet rs = q.executeQuery()) {
            List<Entry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(new Entry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        ReportSource.instant(rs, 5),
                        rs.getBoolean(6)));
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read weekly_report: " + e.getMessage(), e);
        }
    }
}
