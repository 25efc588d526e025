package dev.posmon.alerting.report;

import dev.posmon.alerting.report.WeeklyReport.CauseShare;
import dev.posmon.alerting.report.WeeklyReport.Gap;
import dev.posmon.alerting.report.WeeklyReport.IncidentLine;
import dev.posmon.alerting.report.WeeklyReport.MaintenanceTaken;
import dev.posmon.alerting.report.WeeklyReport.Series;
import dev.posmon.contract.i18n.Texts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts as inline SVG, drawn from the report alone (a stored report's JSON redraws the same
 * charts): daily success per province and per host, cause shares against the week before, and the week's
 * timeline of incidents, planned maintenance and hours without data. No scripts, no external references.
 */
public final class SvgCharts {

    static final String[] PALETTE = {"#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};
    private static final Map<String, String> KIND_COLOURS = Map.of(
            "HOST_OUTAGE",
            "#d62728",
            "HOST_MAINTENANCE",
            "#ff7f0e",
            "PLANNED_MAINTENANCE",
            "#1f77b4",
            "NETWORK_OUTAGE",
            "#9467bd",
            "KEY_SYNC",
            "#8c564b",
            "SOFTWARE_DEFECT",
            "#e377c2",
            "MERCHANT_ACCOUNT_WAVE",
            "#bcbd22",
            "HARDWARE_WAVE",
            "#17becf",
            "OTHER",
            "#7f7f7f");
    private static final int WIDTH = 900;
    private static final int MAX_TIMELINE_ROWS = 25;

    private SvgCharts() {}

    /** The chart ids, as the HTML page carries them. */
    public static final String DAILY_BY_PROVINCE = "chart-daily-province";

    public static final String DAILY_BY_HOST = "chart-daily-host";
    public static final String CAUSES = "chart-causes";
    public static final String TIMELINE = "chart-timeline";

    /** Daily success of the fleet (dashed) and of the given series, one point per local day. */
    public static String daily(String id, String title, WeeklyReport report, List<Series> series, Texts texts) {
        List<Double> fleet =
                report.daily().stream().map(WeeklyReport.Day::successRate).toList();
        List<Series> lines = new ArrayList<>();
        lines.add(new Series("fleet", texts.get("scope.fleet"), fleet));
        lines.addAll(series);
        int height = 280;
        int left = 60;
        int right = 220;
        int top = 34;
        int bottom = 40;
        double plotWidth = WIDTH - left - right;
        double plotHeight = height - top - bottom;
        double lowest = lines.stream()
                .flatMap(s -> s.successRates().stream())
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(1);
        double floor = Math.max(0, Math.min(0.9, Math.floor((lowest - 0.01) * 20) / 20));
        Svg svg = new Svg(id, title, height);
        for (int tick = 0; tick <= 4; tick++) {
            double rate = floor + (1 - floor) * tick / 4;
            double y = top + plotHeight * (1 - (rate - floor) / (1 - floor));
            svg.line(left, y, left + plotWidth, y, "#e0e0e0", 1);
            svg.text(left - 6, y + 4, String.format(Locale.ROOT, "%.1f%%", rate * 100), "end", 11, "#555");
        }
        List<WeeklyReport.Day> days = report.daily();
        for (int d = 0; d < days.size(); d++) {
            svg.text(
                    left + plotWidth * d / 6,
                    height - bottom + 16,
                    days.get(d).weekday() + " " + days.get(d).date().getDayOfMonth(),
                    "middle",
                    11,
                    "#555");
        }
        if (fleet.stream().allMatch(Objects::isNull)) {
            svg.text(left + plotWidth / 2, top + plotHeight / 2, texts.get("chart.noData"), "middle", 16, "#888");
            return svg.close();
        }
        for (int i = 0; i < lines.size(); i++) {
            Series s = lines.get(i);
            String colour = i == 0 ? "#222" : PALETTE[(i - 1) % PALETTE.length];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int d = 0; d < s.successRates().size(); d++) {
                Double rate = s.successRates().get(d);
                if (rate == null) {
                    pen = false;
                    continue;
                }
                double x = left + plotWidth * d / 6;
                double y = top + plotHeight * (1 - (rate - floor) / (1 - floor));
                path.append(pen ? " L" : " M").append(num(x)).append(' ').append(num(y));
                pen = true;
                svg.raw("<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3\" fill=\"" + colour + "\"><title>"
                        + xml(s.label()) + " " + days.get(d).date() + ": " + Format.pct(rate) + "</title></circle>");
            }
            if (path.length() > 0) {
                svg.raw("<path d=\"" + path.toString().trim() + "\" fill=\"none\" stroke=\"" + colour
                        + "\" stroke-width=\"2\"" + (i == 0 ? " stroke-dasharray=\"6 4\"" : "") + "/>");
            }
            double ly = top + 8 + i * 18;
            svg.line(WIDTH - right + 14, ly, WIDTH - right + 34, ly, colour, 3);
            svg.text(WIDTH - right + 40, ly + 4, s.label(), "start", 12, "#222");
        }
        return svg.close();
    }

    /** Each cause's share of the week's failures (bar) and of the previous week's (thin grey bar beneath). */
    public static String causes(WeeklyReport report, Texts texts) {
        List<CauseShare> causes = report.causes();
        int rowHeight = 30;
        int height = Math.max(90, 44 + causes.size() * rowHeight);
        int left = 190;
        double plotWidth = WIDTH - left - 120;
        Svg svg = new Svg(CAUSES, texts.get("chart.causes"), height);
        if (causes.isEmpty()) {
            svg.text(
                    WIDTH / 2.0,
                    height / 2.0 + 10,
                    report.causesNote() != null ? report.causesNote() : texts.get("note.noFailures"),
                    "middle",
                    16,
                    "#888");
            return svg.close();
        }
        for (int i = 0; i < causes.size(); i++) {
            CauseShare c = causes.get(i);
            double y = 34 + i * rowHeight;
            svg.text(left - 8, y + 13, c.cause(), "end", 12, "#222");
            svg.raw("<rect x=\"" + left + "\" y=\"" + num(y) + "\" width=\"" + num(Math.max(1, plotWidth * c.share()))
                    + "\" height=\"16\" fill=\"" + PALETTE[i % PALETTE.length] + "\"><title>" + xml(c.cause()) + ": "
                    + Format.pct(c.share()) + "</title></rect>");
            if (c.previousShare() != null) {
                svg.raw("<rect x=\"" + left + "\" y=\"" + num(y + 18) + "\" width=\""
                        + num(Math.max(1, plotWidth * c.previousShare())) + "\" height=\"5\" fill=\"#9e9e9e\"/>");
            }
            svg.text(
                    left + plotWidth * c.share() + 8,
                    y + 13,
                    Format.pct(c.share())
                            + (c.changePoints() == null ? "" : "  (" + Format.points(c.changePoints()) + ")"),
                    "start",
                    12,
                    "#222");
        }
        return svg.close();
    }

    /** The week from Monday to Sunday: incidents (by kind), planned maintenance, hours without data. */
    public static String timeline(WeeklyReport report, Texts texts) {
        ZoneId zone = ZoneId.of(report.zone());
        Instant start = report.start().toInstant();
        Instant end = report.end().toInstant();
        Instant until = report.generatedAt().isBefore(end) ? report.generatedAt() : end;
        List<IncidentLine> incidents =
                report.incidents().stream().limit(MAX_TIMELINE_ROWS).toList();
        int rows = 2 + incidents.size();
        int rowHeight = 22;
        int top = 34;
        int left = 300;
        double plotWidth = WIDTH - left - 20;
        int height = top + rows * rowHeight + 40;
        Svg svg = new Svg(TIMELINE, texts.get("chart.timeline"), height);
        double span = Duration.between(start, end).getSeconds();
        ToDoubleFunction<Instant> x = at -> left
                + plotWidth
                        * Math.max(0, Math.min(1, Duration.between(start, at).getSeconds() / span));
        double bottom = top + rows * rowHeight;
        for (Gap gap : report.completeness().gaps()) {
            double x0 = x.applyAsDouble(gap.from().toInstant());
            double x1 = x.applyAsDouble(gap.to().toInstant());
            svg.raw("<rect x=\"" + num(x0) + "\" y=\"" + top + "\" width=\"" + num(Math.max(1, x1 - x0))
                    + "\" height=\"" + num(bottom - top) + "\" fill=\"#bdbdbd\" fill-opacity=\"0.35\"/>");
        }
        for (LocalDate day = report.start().toLocalDate();
                day.isBefore(report.end().toLocalDate());
                day = day.plusDays(1)) {
            double dx = x.applyAsDouble(day.atStartOfDay(zone).toInstant());
            svg.line(dx, top, dx, bottom, "#e0e0e0", 1);
            svg.text(
                    dx + (plotWidth / 14),
                    bottom + 16,
                    day.getDayOfWeek()
                                    .getDisplayName(
                                            TextStyle.SHORT, texts.language().locale()) + " " + day.getDayOfMonth(),
                    "middle",
                    11,
                    "#555");
        }
        svg.text(left - 8, top + 15, texts.get("chart.hoursWithoutData"), "end", 12, "#222");
        for (Gap gap : report.completeness().gaps()) {
            bar(
                    svg,
                    x.applyAsDouble(gap.from().toInstant()),
                    x.applyAsDouble(gap.to().toInstant()),
                    top + 4,
                    "#757575",
                    texts.get("chart.gap", gap.label()));
        }
        svg.text(left - 8, top + rowHeight + 15, texts.get("chart.plannedMaintenance"), "end", 12, "#222");
        for (MaintenanceTaken m : report.maintenance()) {
            bar(
                    svg,
                    x.applyAsDouble(m.start()),
                    x.applyAsDouble(m.end()),
                    top + rowHeight + 4,
                    "#1f77b4",
                    "maintenance " + m.host() + ": " + m.start() + " – " + m.end());
        }
        for (int i = 0; i < incidents.size(); i++) {
            IncidentLine n = incidents.get(i);
            double y = top + (2 + i) * rowHeight;
            String label = n.kind() + " " + n.scopeText();
            svg.text(left - 8, y + 15, label.length() > 40 ? label.substring(0, 39) + "…" : label, "end", 12, "#222");
            Instant stop = n.resolvedAt() != null && n.resolvedAt().isBefore(until) ? n.resolvedAt() : until;
            bar(
                    svg,
                    x.applyAsDouble(n.onset()),
                    x.applyAsDouble(stop),
                    y + 4,
                    KIND_COLOURS.getOrDefault(n.kind(), "#7f7f7f"),
                    n.id() + " " + n.kind() + " " + n.scopeText()
                            + texts.get("chart.onset", n.onset().toString())
                            + (n.resolvedAt() == null
                                    ? texts.get("chart.notResolved")
                                    : texts.get("chart.resolved", n.resolvedAt().toString())));
        }
        if (incidents.isEmpty()) {
            svg.text(
                    left + plotWidth / 2,
                    top + 2 * rowHeight + 15,
                    texts.get("chart.noIncidents"),
                    "middle",
                    13,
                    "#888");
        }
        if (report.incidents().size() > incidents.size()) {
            svg.text(
                    left,
                    bottom + 32,
                    "and " + (report.incidents().size() - incidents.size()) + " more incidents (see the table)",
                    "start",
                    11,
                    "#555");
        }
        return svg.close();
    }

    private static void bar(Svg svg, double x0, double x1, double y, String colour, String title) {
        svg.raw("<rect x=\"" + num(x0) + "\" y=\"" + num(y) + "\" width=\"" + num(Math.max(2, x1 - x0))
                + "\" height=\"14\" rx=\"2\" fill=\"" + colour + "\"><title>" + xml(title) + "</title></rect>");
    }

    /** An SVG document being written. */
    private static final class Svg {
        private final StringBuilder out = new StringBuilder();

        Svg(String id, String title, int height) {
            out.append("<svg id=\"")
                    .append(id)
                    .append("\" role=\"img\" width=\"")
                    .append(WIDTH)
                    .append("\" height=\"")
                    .append(height)
                    .append("\" viewBox=\"0 0 ")
                    .append(WIDTH)
                    .append(' ')
                    .append(height)
                    .append("\" font-family=\"sans-serif\">")
                    .append("<title>")
                    .append(xml(title))
                    .append("</title>")
                    .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
            text(8, 18, title, "start", 14, "#222");
        }

        void raw(String element) {
            out.append(element);
        }

        void line(double x1, double y1, double x2, double y2, String colour, double width) {
            out.append("<line x1=\"")
                    .append(num(x1))
                    .append("\" y1=\"")
                    .append(num(y1))
                    .append("\" x2=\"")
                    .append(num(x2))
                    .append("\" y2=\"")
                    .append(num(y2))
                    .append("\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"")
                    .append(num(width))
                    .append("\"/>");
        }

        void text(double x, double y, String text, String anchor, int size, String colour) {
            out.append("<text x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(num(y))
                    .append("\" text-anchor=\"")
                    .append(anchor)
                    .append("\" font-size=\"")
                    .append(size)
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\">")
                    .append(xml(text))
                    .append("</text>");
        }

        String close() {
            return out.append("</svg>").toString();
        }
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String xml(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
