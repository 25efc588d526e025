package dev.posmon.alerting.report;

import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.NamespaceResolver;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The report as one self-contained HTML page (Qute template {@code weekly-report.html} beside this class, inline
 * CSS and SVG charts, no scripts, no external requests), in Chinese or English. Standalone Qute, so the CLI renders
 * the same page as the service. Template helpers in namespace {@code fmt:} ({@link Format}): {@code pct, points,
 * count, duration, minutes, time}; labels in {@code t.<label>}.
 */
public final class ReportHtml {

    /** Rows of each table on the page; the CSV and JSON have them all. */
    static final int TABLE_ROWS = 15;

    private static final Engine ENGINE = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addNamespaceResolver(NamespaceResolver.builder("fmt")
                    .resolveAsync(ReportHtml::format)
                    .build())
            .build();
    private static final Template TEMPLATE =
            ENGINE.parse(resource("weekly-report.html"), Variant.forContentType(Variant.TEXT_HTML));

    private ReportHtml() {}

    /** One of the worst-first tables; {@code more} says how many rows only the CSV and JSON have. */
    public record Section(String id, String title, List<WeeklyReport.Breakdown> rows, String more) {}

    /** Times on the page: in the report's zone, written the language's way. */
    record LocalTimes(ZoneId zone, DateTimeFormatter format) {
        String of(Instant at) {
            return at == null ? "–" : format.format(at.atZone(zone));
        }
    }

    /** The page in English. */
    public static String render(WeeklyReport report) {
        return render(report, Language.EN);
    }

    /**
     * The page in {@code language}: its labels from the bundle {@code report} ({@code html.*}), its sentences as the
     * report carries them (built in the same language, see {@link ReportBuilder}).
     */
    public static String render(WeeklyReport report, Language language) {
        Texts texts = ReportBuilder.texts(language);
        LocalTimes local = new LocalTimes(
                ZoneId.of(report.zone()),
                DateTimeFormatter.ofPattern(
                        language == Language.ZH_CN ? "M月d日（EEE）HH:mm" : "EEE d MMM HH:mm", language.locale()));
        Map<String, String> labels = new HashMap<>();
        for (String key : LABELS) {
            labels.put(key, texts.get("html." + key));
        }
        return TEMPLATE.data("report", report)
                .data("lang", language.tag())
                .data("t", labels)
                .data("local", local)
                .data("tableRows", TABLE_ROWS)
                .data(
                        "sub",
                        texts.get(
                                "html.sub",
                                local.of(report.start().toInstant()),
                                local.of(report.end().toInstant()),
                                report.zone()))
                .data("generated", texts.get("html.generated", local.of(report.generatedAt())))
                .data(
                        "changeFrom",
                        texts.get(
                                "html.changeFrom",
                                report.fleet().previousWeek(),
                                Format.pct(report.fleet().previousSuccessRate())))
                .data(
                        "attempts",
                        texts.get(
                                "html.attempts",
                                Format.count(report.fleet().attempts()),
                                Format.count(report.fleet().failures())))
                .data(
                        "occurrences",
                        texts.get(
                                "html.occurrences",
                                report.maintenance().size(),
                                Format.duration(report.maintenanceMinutes() * 60)))
                .data("footer", texts.get("html.footer", report.week()))
                .data(
                        "sections",
                        List.of(
                                section("province", texts, report.byProvince()),
                                section("host", texts, report.byHost()),
                                section("carrier", texts, report.byCarrier()),
                                section("modelFirmware", texts, report.byModelFirmware())))
                .data(
                        "chartProvince",
                        new RawString(SvgCharts.daily(
                                SvgCharts.DAILY_BY_PROVINCE,
                                texts.get("chart.dailyByProvince"),
                                report,
                                report.dailyByProvince(),
                                texts)))
                .data(
                        "chartHost",
                        new RawString(SvgCharts.daily(
                                SvgCharts.DAILY_BY_HOST,
                                texts.get("chart.dailyByHost"),
                                report,
                                report.dailyByHost(),
                                texts)))
                .data("chartCauses", new RawString(SvgCharts.causes(report, texts)))
                .data("chartTimeline", new RawString(SvgCharts.timeline(report, texts)))
                .render();
    }

    /** The labels of the page, keys {@code html.<label>} of the bundle. */
    static final List<String> LABELS = List.of(
            "title",
            "heading",
            "acquirer",
            "whoWasHit",
            "sep",
            "stop",
            "inProgress",
            "success",
            "hoursWithData",
            "mttd",
            "mttr",
            "completeness",
            "dailySuccess",
            "day",
            "successRow",
            "attemptsRow",
            "breakdowns",
            "lowVolume",
            "province",
            "host",
            "carrier",
            "modelFirmware",
            "attemptsCol",
            "successCol",
            "weekBefore",
            "change",
            "topCause",
            "noData",
            "causes",
            "cause",
            "failures",
            "share",
            "incidents",
            "incident",
            "kind",
            "scope",
            "onset",
            "toDetect",
            "toResolve",
            "terminalsHit",
            "stillFailing",
            "status",
            "notPaged",
            "notResolved",
            "mttNote",
            "maintenance",
            "noMaintenance",
            "covers",
            "from",
            "to",
            "duration",
            "reason",
            "recurring",
            "plannedIncidents",
            "worst",
            "failedDay",
            "terminal",
            "merchant",
            "failedDays",
            "stuck",
            "loops",
            "lastCause",
            "terminals",
            "failedTerminalDays");

    private static Section section(String id, Texts texts, List<WeeklyReport.Breakdown> rows) {
        return new Section(
                "modelFirmware".equals(id) ? "model-firmware" : id,
                texts.get("html." + id),
                rows,
                rows.size() > TABLE_ROWS ? texts.get("html.more", rows.size() - TABLE_ROWS) : "");
    }

    private static CompletionStage<Object> format(EvalContext context) {
        CompletableFuture<Object> value = context.getParams().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : context.evaluate(context.getParams().get(0)).toCompletableFuture();
        CompletableFuture<Object> zone = context.getParams().size() < 2
                ? CompletableFuture.completedFuture(null)
                : context.evaluate(context.getParams().get(1)).toCompletableFuture();
        return value.thenCombine(zone, (v, z) -> switch (context.getName()) {
            case "pct" -> Format.pct((Double) v);
            case "points" -> Format.points((Double) v);
            case "count" -> Format.count(v == null ? null : ((Number) v).longValue());
            case "duration" -> Format.duration(v == null ? null : ((Number) v).longValue());
            case "minutes" -> Format.duration(((Number) v).longValue() * 60);
            case "time" -> ((LocalTimes) z).of((Instant) v);
            default -> throw new IllegalArgumentException("no fmt:" + context.getName());
        });
    }

    private static String resource(String name) {
        try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
