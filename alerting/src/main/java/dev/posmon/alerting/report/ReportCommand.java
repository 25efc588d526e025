package dev.posmon.alerting.report;

import dev.posmon.contract.i18n.Language;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./posmon report [--week 2026-W47] [--zone Asia/Shanghai] [--jdbc URL] [--user U] [--password P] [--out DIR]}:
 * generates a week's report offline from alerting's database with the service's {@link ReportSource} and
 * {@link ReportBuilder}, and writes {@code report.html}, {@code report.json} and one CSV per table into DIR
 * (default {@code report-WEEK}). The week defaults to last week in the zone. It reads the service's settings from the
 * same environment variables as alerting ({@code POSMON_REPORT_ZONE}, {@code _LANGUAGE}, {@code _TOP},
 * {@code _MIN_ATTEMPTS}, {@code _CHART_SERIES}), so that a report made offline looks like the one the service stores.
 */
public final class ReportCommand {

    static final String USAGE = "usage: ./posmon report [--week 2026-W47] [--zone Asia/Shanghai] "
            + "[--lang zh-CN|en] [--jdbc jdbc:postgresql://127.0.0.1:5432/posmon] [--user postgres] [--password P] [--out DIR]";
    private static final Set<String> OPTIONS =
            Set.of("--week", "--zone", "--lang", "--jdbc", "--user", "--password", "--out");

    private ReportCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Clock.systemUTC(), System.out, System.err));
    }

    /** The report's settings from POSMON_REPORT_TOP, _MIN_ATTEMPTS and _CHART_SERIES, each defaulting as in the service. */
    static ReportSettings settings(Map<String, String> env) {
        ReportSettings defaults = ReportSettings.DEFAULTS;
        return new ReportSettings(
                (int) number(env, "POSMON_REPORT_TOP", defaults.top(), 1),
                number(env, "POSMON_REPORT_MIN_ATTEMPTS", defaults.minAttempts(), 0),
                (int) number(env, "POSMON_REPORT_CHART_SERIES", defaults.chartSeries(), 1));
    }

    private static long number(Map<String, String> env, String name, long fallback, long least) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= least && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(
                name + " must be a whole number of at least " + least + ", not '" + value + "'");
    }

    static int run(String[] args, Clock clock, PrintStream out, PrintStream err) {
        return run(args, Map.of(), clock, out, err);
    }

    /** @param env the environment: POSMON_REPORT_* as the service reads them */
    static int run(String[] args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
                err.println(
                        args[i].equals("--help") ? USAGE : "report: unexpected argument '" + args[i] + "'\n" + USAGE);
                return 2;
            }
            options.put(args[i], args[++i]);
        }
        ZoneId zone;
        IsoWeek week;
        ReportSettings settings;
        Language language;
        try {
            settings = settings(env);
            String lang = options.getOrDefault("--lang", env.getOrDefault("POSMON_REPORT_LANGUAGE", "zh-CN"));
            language = Language.of(lang)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--lang must be one of " + Language.supported() + ", not " + lang));
            zone = ZoneId.of(options.getOrDefault("--zone", env.getOrDefault("POSMON_REPORT_ZONE", "Asia/Shanghai")));
            week = options.containsKey("--week")
                    ? IsoWeek.parse(options.get("--week"))
                    : IsoWeek.containing(clock.instant(), zone).previous();
        } catch (DateTimeException | IllegalArgumentException e) {
            err.println("report: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        String url = options.getOrDefault("--jdbc", "jdbc:postgresql://127.0.0.1:5432/posmon");
        String user = options.getOrDefault("--user", "postgres");
        String password = options.getOrDefault("--password", System.getenv().getOrDefault("PGPASSWORD", ""));
        Path dir = Path.of(options.getOrDefault("--out", "report-" + week));
        try {
            WeeklyReport report = new ReportBuilder(settings, clock, language)
                    .build(week, zone, new ReportSource(() -> DriverManager.getConnection(url, user, password)));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.html"), ReportHtml.render(report, language), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.json"), ReportJson.write(report), StandardCharsets.UTF_8);
            Map<String, ReportCsv.Table> tables = ReportCsv.tables(report);
            for (Map.Entry<String, ReportCsv.Table> table : tables.entrySet()) {
                Files.writeString(
                        dir.resolve(table.getKey() + ".csv"),
                        ReportCsv.write(table.getValue()),
                        StandardCharsets.UTF_8);
            }
            out.println("weekly report " + week + " (" + zone + ") written to " + dir.toAbsolutePath()
                    + ": report.html, report.json, "
                    + String.join(
                            ", ", tables.keySet().stream().map(t -> t + ".csv").toList()));
            report.headlines().forEach(line -> out.println("  " + line));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("report: " + e.getMessage());
            return 1;
        }
    }
}
