package dev.posmon.alerting.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.posmon.alerting.report.WeeklyReport.Breakdown;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report as CSV tables (one per section, named as in {@link #tables}); {@link #combined} puts them all in one
 * file with a leading {@code table} column and the union of the columns. Rates are fractions, as in the JSON.
 */
public final class ReportCsv {

    private static final CsvMapper CSV = new CsvMapper();

    /** A table: its column names and its rows, values in column order. */
    public record Table(List<String> columns, List<List<Object>> rows) {}

    private ReportCsv() {}

    public static Map<String, Table> tables(WeeklyReport r) {
        Map<String, Table> tables = new LinkedHashMap<>();
        WeeklyReport.Fleet f = r.fleet();
        WeeklyReport.Completeness c = r.completeness();
        WeeklyReport.IncidentSummary i = r.incidentSummary();
        Table summary = table("metric", "value");
        Object[][] metrics = {
            {"week", r.week()},
            {"zone", r.zone()},
            {"start", r.start()},
            {"end", r.end()},
            {"generated_at", r.generatedAt()},
            {"complete", r.complete()},
            {"attempts", f.attempts()},
            {"successes", f.successes()},
            {"failures", f.failures()},
            {"success_rate", f.successRate()},
            {"previous_week", f.previousWeek()},
            {"previous_attempts", f.previousAttempts()},
            {"previous_success_rate", f.previousSuccessRate()},
            {"change_points", f.changePoints()},
            {"note", f.note()},
            {"hours", c.hours()},
            {"hours_elapsed", c.hoursElapsed()},
            {"hours_with_data", c.hoursWithData()},
            {"hours_without_data", c.hoursWithoutData()},
            {"completeness", c.text()},
            {"incidents", i.count()},
            {"mttd_seconds", i.mttdSeconds()},
            {"mttr_seconds", i.mttrSeconds()},
            {"unresolved_incidents", i.unresolved()},
            {"maintenance_minutes", r.maintenanceMinutes()}
        };
        for (Object[] metric : metrics) {
            summary.rows().add(Arrays.asList(metric));
        }
        tables.put("summary", summary);
        tables.put("province", breakdown(r.byProvince()));
        tables.put("host", breakdown(r.byHost()));
        tables.put("carrier", breakdown(r.byCarrier()));
        tables.put("model_firmware", breakdown(r.byModelFirmware()));
        Table daily = table("date", "weekday", "attempts", "success_rate", "hours_with_data", "hours");
        r.daily()
                .forEach(d -> daily.rows()
                        .add(Arrays.asList(
                                d.date(), d.weekday(), d.attempts(), d.successRate(), d.hoursWithData(), d.hours())));
        tables.put("daily", daily);
        tables.put("daily_by_province", series(r, r.dailyByProvince()));
        tables.put("daily_by_host", series(r, r.dailyByHost()));
        Table causes = table("cause", "failures", "share", "previous_share", "change_points");
        r.causes()
                .forEach(s -> causes.rows()
                        .add(Arrays.asList(s.cause(), s.failures(), s.share(), s.previousShare(), s.changePoints())));
        tables.put("causes", causes);
        Table incidents = table(
                "id",
                "kind",
                "pages",
                "status",
                "scope",
                "onset",
                "detected_at",
                "resolved_at",
                "detection_seconds",
                "resolve_seconds",
                "affected_terminals",
                "still_failing",
                "failures");
        r.incidents()
                .forEach(n -> incidents
                        .rows()
                        .add(Arrays.asList(
                                n.id(),
                                n.kind(),
                                n.pages(),
                                n.status(),
                                n.scopeText(),
                                n.onset(),
                                n.detectedAt(),
                                n.resolvedAt(),
                                n.detectionSeconds(),
                                n.resolveSeconds(),
                                n.affectedTerminals(),
                                n.stillFailing(),
                                n.failures())));
        tables.put("incidents", incidents);
        Table maintenance = table("window_id", "host", "start", "end", "minutes", "recurring", "reason", "incidents");
        r.maintenance()
                .forEach(m -> maintenance
                        .rows()
                        .add(Arrays.asList(
                                m.windowId(),
                                m.host(),
                                m.start(),
                                m.end(),
                                m.minutes(),
                                m.recurring(),
                                m.reason(),
                                String.join(" ", m.incidents()))));
        tables.put("maintenance", maintenance);
        Table terminals = table(
                "terminal_id",
                "merchant_id",
                "province",
                "host",
                "failed_days",
                "stuck_minutes",
                "loops",
                "last_cause");
        r.terminals()
                .forEach(t -> terminals
                        .rows()
                        .add(Arrays.asList(
                                t.terminalId(),
                                t.merchantId(),
                                t.province(),
                                t.host(),
                                t.failedDays(),
                                t.stuckMinutes(),
                                t.loops(),
                                t.lastCause())));
        tables.put("terminals", terminals);
        Table merchants = table("merchant_id", "terminals", "failed_terminal_days", "loops");
        r.merchants()
                .forEach(m -> merchants
                        .rows()
                        .add(Arrays.asList(m.merchantId(), m.terminals(), m.failedTerminalDays(), m.loops())));
        tables.put("merchants", merchants);
        Table gaps = table("from", "to", "hours", "label");
        c.gaps().forEach(g -> gaps.rows().add(Arrays.asList(g.from(), g.to(), g.hours(), g.label())));
        tables.put("gaps", gaps);
        return tables;
    }

    /** Every table in one: a {@code table} column, then the union of all columns (empty where a table has none). */
    public static Table combined(Map<String, Table> tables) {
        Set<String> columns = new LinkedHashSet<>();
        tables.values().forEach(t -> columns.addAll(t.columns()));
        List<String> header = new ArrayList<>(List.of("table"));
        header.addAll(columns);
        Table all = new Table(header, new ArrayList<>());
        tables.forEach((name, t) -> {
            for (List<Object> row : t.rows()) {
                List<Object> wide = new ArrayList<>();
                wide.add(name);
                for (String column : columns) {
                    int at = t.columns().indexOf(column);
                    wide.add(at < 0 ? null : row.get(at));
                }
                all.rows().add(wide);
            }
        });
        return all;
    }

    public static String write(Table table) {
        CsvSchema.Builder schema = CsvSchema.builder();
        table.columns().forEach(schema::addColumn);
        List<List<String>> rows = table.rows().stream()
                .map(row -> row.stream().map(ReportCsv::cell).toList())
                .toList();
        try {
            return CSV.writer(schema.build().withHeader()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A value as a CSV cell. Text that a spreadsheet would take for a formula (it begins with {@code = + - @}, a tab or
     * a carriage return) gets a leading apostrophe, the OWASP rule against CSV injection: models, firmware versions and
     * scopes come from credential holders and the registry, and the report is opened in Excel or WPS. Numbers stay as
     * they are (a negative change is a number, not a formula).
     */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (value instanceof Number || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text
                : text;
    }

    private static Table table(String... columns) {
        return new Table(List.of(columns), new ArrayList<>());
    }

    private static Table breakdown(List<Breakdown> rows) {
        Table table = table(
                "key",
                "label",
                "attempts",
                "successes",
                "failures",
                "success_rate",
                "previous_success_rate",
                "change_points",
                "top_cause",
                "low_volume");
        rows.forEach(b -> table.rows()
                .add(Arrays.asList(
                        b.key(),
                        b.label(),
                        b.attempts(),
                        b.successes(),
                        b.failures(),
                        b.successRate(),
                        b.previousSuccessRate(),
                        b.changePoints(),
                        b.topCause(),
                        b.lowVolume())));
        return table;
    }

    private static Table series(WeeklyReport r, List<WeeklyReport.Series> series) {
        Table table = table("key", "label", "date", "success_rate");
        for (WeeklyReport.Series s : series) {
            for (int d = 0; d < s.successRates().size(); d++) {
                table.rows()
                        .add(Arrays.asList(
                                s.key(),
                                s.label(),
                                r.daily().get(d).date(),
                                s.successRates().get(d)));
            }
        }
        return table;
    }
}
