package dev.posmon.alerting.report;

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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The report as one self-contained HTML page (Qute template {@code weekly-report.html} beside this class, inline
 * CSS and SVG charts, no scripts, no external requests). Standalone Qute, so the CLI renders the same page as
 * the service. Template helpers in namespace {@code fmt:} ({@link Format}): {@code pct, points, count,
 * minutes, time, more}.
 */
public final class ReportHtml {

    /** Rows of each table on the page; the CSV and JSON have them all. */
    static final int TABLE_ROWS = 15;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

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

    /** One of the worst-first tables. */
    public record Section(String id, String title, List<WeeklyReport.Breakdown> rows) {}

    public static String render(WeeklyReport report) {
        ZoneId zone = ZoneId.of(report.zone());
        return TEMPLATE.data("report", report)
                .data("zoneId", zone)
                .data("tableRows", TABLE_ROWS)
                .data(
                        "sections",
                        List.of(
                                new Section("province", "Province", report.byProvince()),
                                new Section("host", "Host", report.byHost()),
                                new Section("carrier", "Carrier", report.byCarrier()),
                                new Section("model-firmware", "Model / firmware", report.byModelFirmware())))
                .data(
                        "chartProvince",
                        new RawString(SvgCharts.daily(
                                SvgCharts.DAILY_BY_PROVINCE,
                                "Daily sign-on success: the fleet and the provinces with the most failures",
                                report,
                                report.dailyByProvince())))
                .data(
                        "chartHost",
                        new RawString(SvgCharts.daily(
                                SvgCharts.DAILY_BY_HOST,
                                "Daily sign-on success: the fleet and the hosts with the most failures",
                                report,
                                report.dailyByHost())))
                .data("chartCauses", new RawString(SvgCharts.causes(report)))
                .data("chartTimeline", new RawString(SvgCharts.timeline(report)))
                .render();
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
            case "count" -> Format.count(((Number) v).longValue());
            case "duration" -> Format.duration(v == null ? null : ((Number) v).longValue());
            case "minutes" -> Format.duration(((Number) v).longValue() * 60);
            case "time" -> v == null ? "–" : LOCAL.format(((Instant) v).atZone((ZoneId) z));
            case "more" ->
                ((Collection<?>) v).size() > TABLE_ROWS
                        ? "and " + (((Collection<?>) v).size() - TABLE_ROWS) + " more in the CSV and JSON"
                        : "";
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
