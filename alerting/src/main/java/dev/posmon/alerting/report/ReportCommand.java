package dev.posmon.alerting.report;

import dev.posmon.contract.i18n.Language;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./posmon report [--week 2026-W47] [--zone Asia/Shanghai] [--jdbc URL] [--user U] [--password P] [--out DIR]}:
 * generates a week's report offline from alerting's database with the service's {@link ReportSource} and
 * {@link ReportBuilder}, and writes {@code report.html}, {@code report.json} and one CSV per table into DIR
 * (default {@code report-WEEK}). The week defaults to last week in the zone. Its settings are the service's
 * {@link ReportConfig} ({@code posmon.report.*}), read the way Quarkus reads them for the service — alerting's
 * {@code application.properties} on the class path, then the environment ({@code POSMON_REPORT_ZONE},
 * {@code _LANGUAGE}, {@code _TOP}, {@code _MIN_ATTEMPTS}, {@code _CHART_SERIES}), then {@code -D} system properties —
 * so that a report made offline is the one the service stores, defaults included; {@code --zone} and {@code --lang}
 * override the zone and language.
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

    /**
     * {@code posmon.report.*} as the service reads it (Quarkus' ordinals, profile {@code prod}): system properties
     * (400) over the environment (300) over {@code application.properties} on the class path (250) over the mapping's
     * defaults.
     *
     * @param env the environment: {@code POSMON_REPORT_*} as the service reads them
     * @throws IllegalArgumentException naming the setting that does not read
     */
    static ReportConfig config(Map<String, String> env) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withMapping(ReportConfig.class)
                .withSources(new SysPropConfigSource(), new EnvConfigSource(env, EnvConfigSource.ORDINAL));
        URL properties = ReportCommand.class.getClassLoader().getResource("application.properties");
        try {
            if (properties != null) {
                builder.withSources(new PropertiesConfigSource(properties, 250));
            }
            ReportConfig config = builder.build().getConfigMapping(ReportConfig.class);
            config.settings(); // checked here, so that a bad one is an answer before the database is asked
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigValidationException e) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(e.getProblem(i).getMessage());
            }
            throw new IllegalArgumentException(String.join("; ", problems), e);
        }
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
            ReportConfig config = config(env);
            settings = config.settings();
            String lang = options.getOrDefault("--lang", config.language());
            language = Language.of(lang)
                    .orElseThrow(() -> new IllegalArgumentException((options.containsKey("--lang")
                                    ? "--lang"
                                    : "posmon.report.language (POSMON_REPORT_LANGUAGE)")
                            + " must be one of " + Language.supported() + ", not " + lang));
            zone = options.containsKey("--zone") ? ZoneId.of(options.get("--zone")) : config.zone();
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
