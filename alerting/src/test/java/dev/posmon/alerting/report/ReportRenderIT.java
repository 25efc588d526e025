package dev.posmon.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.i18n.Language;
import dev.posmon.testing.MutableClock;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report rendered by a real browser (Debian's headless {@code chromium}; CI's .ci/run installs it): the
 * PNG is not blank, and every chart is on the page and drawn — the chart's area of the screenshot holds its
 * colours. Where each chart lies is asked of the same browser (a probe copy of the page prints the SVGs' boxes).
 * The empty week renders too, saying so instead of drawing series.
 */
class ReportRenderIT {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 4200;
    private static final List<String> CHARTS =
            List.of(SvgCharts.DAILY_BY_PROVINCE, SvgCharts.DAILY_BY_HOST, SvgCharts.CAUSES, SvgCharts.TIMELINE);
    private static final int RED = 0xd62728;
    private static final int BLUE = 0x1f77b4;
    private static final int GAP_GREY = 0x757575;
    private static final Path OUT = Path.of("target", "report-render");

    private static String chromium;

    @BeforeAll
    static void findChromium() throws IOException {
        chromium = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst()
                .orElseGet(() ->
                        fail("chromium is not installed: the HTML report cannot be rendered. Install Debian's chromium "
                                + "(apt-get install -y chromium; .ci/run does this in CI)."));
        Files.createDirectories(OUT);
    }

    @Test
    void theFixtureWeekRendersWithEveryChartDrawn() throws Exception {
        WeeklyReport report = new ReportBuilder(ReportSettings.DEFAULTS, new MutableClock(ReportFixture.NOW))
                .build(
                        ReportFixture.WEEK,
                        ReportFixture.ZONE,
                        ReportFixture.standard().data());
        Rendered page = render(report, "fixture-week");

        assertThat(page.html())
                .as("each incident's terminals-hit count links to the list of whom it hit")
                .containsPattern("<a href=\"/v1/incidents/[^\"/]+/terminals\\?format=csv\"");
        assertThat(page.distinctColours())
                .as("a rendered page, not a blank one")
                .isGreaterThan(200);
        assertThat(page.count(RED, page.box(SvgCharts.DAILY_BY_PROVINCE)))
                .as("the worst province's line")
                .isGreaterThan(200);
        assertThat(page.count(RED, page.box(SvgCharts.DAILY_BY_HOST)))
                .as("the worst host's line")
                .isGreaterThan(200);
        assertThat(page.count(RED, page.box(SvgCharts.CAUSES)))
                .as("the NETWORK bar: 65 % of 590 px × 16 px")
                .isGreaterThan(3_000);
        Map<String, Integer> timeline = page.box(SvgCharts.TIMELINE);
        assertThat(page.count(RED, timeline)).as("the host outage").isGreaterThan(20);
        assertThat(page.count(BLUE, timeline)).as("planned maintenance").isGreaterThan(20);
        assertThat(page.count(GAP_GREY, timeline))
                .as("the 13 hours without data")
                .isGreaterThan(200);
        assertThat(page.html()).contains("13 of 168 hours have no data: Tue 02:00–14:00, Thu 09:00–10:00.");
    }

    @Test
    void theFixtureWeekRendersInChineseWithEveryChartDrawn() throws Exception {
        WeeklyReport report = new ReportBuilder(
                        ReportSettings.DEFAULTS, new MutableClock(ReportFixture.NOW), Language.ZH_CN)
                .build(
                        ReportFixture.WEEK,
                        ReportFixture.ZONE,
                        ReportFixture.standard().data());
        Process fonts = new ProcessBuilder("fc-list", ":lang=zh")
                .redirectErrorStream(true)
                .start();
        String chinese = new String(fonts.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fonts.waitFor()).isZero();
        assertThat(chinese)
                .as("a Chinese font, or chromium draws the Chinese report's text as empty boxes: install Debian's "
                        + "fonts-wqy-microhei (.ci/run does this in CI)")
                .isNotBlank();
        Rendered page = render(report, Language.ZH_CN, "fixture-week-zh");

        assertThat(page.distinctColours())
                .as("a rendered page, not a blank one")
                .isGreaterThan(200);
        assertThat(page.count(RED, page.box(SvgCharts.DAILY_BY_PROVINCE)))
                .as("the worst province's line")
                .isGreaterThan(200);
        assertThat(page.count(RED, page.box(SvgCharts.CAUSES)))
                .as("the NETWORK bar")
                .isGreaterThan(3_000);
        Map<String, Integer> timeline = page.box(SvgCharts.TIMELINE);
        assertThat(page.count(BLUE, timeline)).as("planned maintenance").isGreaterThan(20);
        assertThat(page.count(GAP_GREY, timeline))
                .as("the 13 hours without data")
                .isGreaterThan(200);
        assertThat(page.html())
                .contains("<html lang=\"zh-CN\">", "签到可靠性周报 2026-W47", "440000 广东省")
                .contains("168 个小时中有 13 个小时无数据：周二 02:00–14:00, 周四 09:00–10:00。");
    }

    @Test
    void theEmptyWeekRendersAndSaysThereIsNoData() throws Exception {
        WeeklyReport report = new ReportBuilder(ReportSettings.DEFAULTS, new MutableClock(ReportFixture.NOW))
                .build(IsoWeek.parse("2026-W40"), ReportFixture.ZONE, new ReportFixture().data());
        Rendered page = render(report, "empty-week");

        assertThat(page.distinctColours())
                .as("a rendered page, not a blank one")
                .isGreaterThan(50);
        for (String chart : CHARTS) {
            Map<String, Integer> box = page.box(chart);
            assertThat(page.nonWhite(box))
                    .as(chart + " is drawn (frame, axes, its message)")
                    .isGreaterThan(500);
            assertThat(page.count(RED, box))
                    .as(chart + " draws no series for a week without data")
                    .isZero();
        }
        assertThat(page.html())
                .contains("No data for this week: none of its 168 hours has any rollup.")
                .contains("no data for this week")
                .doesNotContain("NaN");
    }

    /** The page, its screenshot and where its charts are. */
    private record Rendered(String html, BufferedImage png, Map<String, Map<String, Integer>> boxes) {

        Map<String, Integer> box(String id) {
            Map<String, Integer> box = boxes.get(id);
            assertThat(box).as("chart " + id + " is on the page").isNotNull();
            assertThat(box.get("w")).as(id + " width").isGreaterThan(100);
            assertThat(box.get("h")).as(id + " height").isGreaterThan(50);
            assertThat(box.get("y") + box.get("h"))
                    .as(id + " lies inside the screenshot")
                    .isLessThanOrEqualTo(png.getHeight());
            return box;
        }

        int distinctColours() {
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < png.getHeight(); y += 2) {
                for (int x = 0; x < png.getWidth(); x += 2) {
                    colours.add(png.getRGB(x, y) & 0xffffff);
                }
            }
            return colours.size();
        }

        int count(int rgb, Map<String, Integer> box) {
            return pixels(box, colour -> close(colour, rgb));
        }

        int nonWhite(Map<String, Integer> box) {
            return pixels(box, colour -> !close(colour, 0xffffff));
        }

        private int pixels(Map<String, Integer> box, IntPredicate matches) {
            int n = 0;
            for (int y = box.get("y"); y < Math.min(png.getHeight(), box.get("y") + box.get("h")); y++) {
                for (int x = box.get("x"); x < Math.min(png.getWidth(), box.get("x") + box.get("w")); x++) {
                    if (matches.test(png.getRGB(x, y) & 0xffffff)) {
                        n++;
                    }
                }
            }
            return n;
        }

        private static boolean close(int a, int b) {
            for (int shift = 0; shift <= 16; shift += 8) {
                if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 12) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Rendered render(WeeklyReport report, String name) throws Exception {
        return render(report, Language.EN, name);
    }

    private static Rendered render(WeeklyReport report, Language language, String name) throws Exception {
        String html = ReportHtml.render(report, language);
        for (String chart : CHARTS) {
            assertThat(html).as("the page carries chart " + chart).contains("<svg id=\"" + chart + "\"");
        }
        assertThat(html)
                .as("self-contained: no scripts, no external requests; links only to posmon's own list of whom an "
                        + "incident hit")
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("http:")
                .doesNotContain("https:")
                .doesNotContainPattern("src\\s*=")
                .doesNotContainPattern("href\\s*=\\s*\"(?!/v1/incidents/[^\"/]+/terminals\\?format=csv\")");
        Path page = OUT.resolve(name + ".html").toAbsolutePath();
        Files.writeString(page, html, StandardCharsets.UTF_8);
        Path png = OUT.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(List.of("--screenshot=" + png), page);
        assertThat(png).as("chromium wrote the screenshot").exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);

        // A probe copy of the page prints the bounding boxes of its SVGs; the report itself carries no script.
        Path probe = OUT.resolve(name + "-probe.html").toAbsolutePath();
        Files.writeString(
                probe,
                html.replace(
                        "</body>",
                        "<script>document.body.insertAdjacentHTML('beforeend', '<pre id=\"boxes\">' + "
                                + "JSON.stringify([...document.querySelectorAll('svg[id]')].map(s => { const r = s.getBoundingClientRect(); "
                                + "return {id: s.id, x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height)}; })) + '</pre>');"
                                + "</script></body>"),
                StandardCharsets.UTF_8);
        String dom = chromium(List.of("--dump-dom"), probe);
        Matcher boxes = Pattern.compile("<pre id=\"boxes\">(\\[.*?\\])</pre>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(boxes.find()).as("the probe printed the chart boxes").isTrue();
        Map<String, Map<String, Integer>> byId = new HashMap<>();
        for (JsonNode box : new ObjectMapper().readTree(boxes.group(1).replace("&quot;", "\""))) {
            byId.put(
                    box.get("id").asText(),
                    Map.of(
                            "x",
                            box.get("x").asInt(),
                            "y",
                            box.get("y").asInt(),
                            "w",
                            box.get("w").asInt(),
                            "h",
                            box.get("h").asInt()));
        }
        return new Rendered(html, image, byId);
    }

    /** Runs headless chromium on a local file with a fresh profile and no network use of its own; answers its stdout. */
    private static String chromium(List<String> action, Path page) throws Exception {
        Path profile = Files.createTempDirectory("posmon-chromium-");
        try {
            List<String> command = new ArrayList<>(List.of(
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--hide-scrollbars",
                    "--force-device-scale-factor=1",
                    "--user-data-dir=" + profile,
                    "--window-size=" + WIDTH + "," + HEIGHT));
            command.addAll(action);
            command.add(page.toUri().toString());
            Path log = OUT.resolve("chromium.log");
            Path stdout = Files.createTempFile(OUT, "chromium-", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(log.toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("chromium did not finish within 90 s: " + command);
            }
            assertThat(process.exitValue())
                    .as("chromium's exit status (its stderr: " + log + ")")
                    .isZero();
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            Files.delete(stdout);
            return out;
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
