package dev.posmon.alerting.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report through the real service on the real PostgreSQL: the fixture's rows inserted with JDBC, read back
 * by {@link ReportSource}'s SQL, served in three formats by content negotiation; bad weeks are 400 problems; the
 * scheduled job stores last week's report; a health transition keeps its merchant.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class ReportIT {

    static final String ADMIN = "Bearer test-admin-token";
    static final String URL = "/v1/reports/weekly";

    @Inject
    ReportService reports;

    @Inject
    Scheduler scheduler;

    @Inject
    ReportConfig serviceConfig;

    private static boolean inserted;

    @BeforeEach
    void fixture() throws Exception {
        if (inserted) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "")) {
            ReportFixture.standard().insert(c);
            c.createStatement()
                    .executeUpdate("DELETE FROM weekly_report WHERE week IN ('2026-W47', '2026-W46', '2026-W40')");
        }
        inserted = true;
    }

    @Test
    void theWeeksFiguresAsJson() {
        JsonPath json = given().header("Authorization", ADMIN)
                .accept("application/json")
                .get(URL + "?week=2026-W47&lang=en")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("Vary", "Accept, Accept-Language")
                .header("Content-Language", "en")
                .extract()
                .jsonPath();
        // the same figures as ReportBuilderTest computes by hand, now read through ReportSource's SQL (JsonPath reads
        // floats)
        assertThat(json.getString("week")).isEqualTo("2026-W47");
        assertThat(json.getString("zone")).isEqualTo("Asia/Shanghai");
        assertThat(json.getLong("fleet.attempts")).isEqualTo(23_255);
        assertThat(json.getLong("fleet.successes")).isEqualTo(23_017);
        assertThat(json.getDouble("fleet.successRate")).isCloseTo(23_017.0 / 23_255, within(1e-6));
        assertThat(json.getDouble("fleet.previousSuccessRate")).isCloseTo(0.98, within(1e-6));
        assertThat(json.getList("byProvince.key")).containsExactly("110000", "440000", "650000");
        assertThat(json.getList("causes.cause")).containsExactly("NETWORK", "HOST_UNAVAILABLE", "KEY_MAC");
        assertThat(json.getString("completeness.text"))
                .isEqualTo("13 of 168 hours have no data: Tue 02:00–14:00, Thu 09:00–10:00.");
        assertThat(json.getList("incidents.id")).containsExactly("rpt-i4", "rpt-i1", "rpt-i2", "rpt-i3", "rpt-i5");
        assertThat(json.getLong("incidentSummary.mttdSeconds")).isEqualTo(90);
        assertThat(json.getLong("incidentSummary.mttrSeconds")).isEqualTo(4_500);
        assertThat(json.getLong("maintenanceMinutes")).isEqualTo(330);
        assertThat(json.getList("terminals.terminalId")).containsExactly("TR1", "TR2", "TR6", "TR4", "TR3");
        assertThat(json.getList("terminals.stuckMinutes", Integer.class)).containsExactly(2_320, 720, 600, 300, 0);
        assertThat(json.getList("merchants.merchantId")).containsExactly("MR1", "MR2");

        List<Map<String, Object>> stored = given().header("Authorization", ADMIN)
                .get(URL)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(stored)
                .as("a past week generated on request is stored")
                .anySatisfy(entry ->
                        assertThat(entry).containsEntry("week", "2026-W47").containsEntry("complete", true));
    }

    @Test
    void theSameReportAsHtmlAndCsv() {
        String html = given().header("Authorization", ADMIN)
                .accept("text/html")
                .get(URL + "?week=2026-W47&lang=en")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .extract()
                .asString();
        assertThat(html)
                .contains("<svg id=\"chart-daily-province\"", "<svg id=\"chart-causes\"", "<svg id=\"chart-timeline\"")
                .contains("13 of 168 hours have no data")
                .doesNotContain("<script");

        String all = given().header("Authorization", ADMIN)
                .accept("text/csv")
                .get(URL + "?week=2026-W47&lang=en")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        assertThat(all.lines().findFirst().orElseThrow()).startsWith("table,metric,value,key,label,attempts");
        assertThat(all)
                .contains("\nsummary,attempts,23255,")
                .contains("\nincidents,")
                .contains("\nmerchants,");

        String province = given().header("Authorization", ADMIN)
                .accept("text/csv")
                .get(URL + "?week=2026-W47&table=province&lang=en")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(province.lines().toList())
                .hasSize(4)
                .element(1)
                .asString()
                .startsWith("110000,\"110000 Beijing\",7750,7670,80,");

        given().header("Authorization", ADMIN)
                .get(URL + "?week=2026-W47&format=csv&table=causes&lang=en")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(startsWith("cause,failures,share,previous_share,change_points"));
        given().header("Authorization", ADMIN)
                .accept("*/*")
                .get(URL + "?week=2026-W47")
                .then()
                .statusCode(200)
                .contentType("application/json");
    }

    /** ./posmon report reads posmon.report.* as the service does, so the two render the same report. */
    @Test
    void theCommandLineHasTheServicesReportSettings() {
        ReportConfig command = ReportCommand.config(Map.of());
        assertThat(command.settings()).isEqualTo(serviceConfig.settings());
        assertThat(command.zone()).isEqualTo(serviceConfig.zone());
        assertThat(command.language()).isEqualTo(serviceConfig.language());
        assertThat(command.cron()).isEqualTo(serviceConfig.cron());
    }

    @Test
    void theCommandLineWritesTheSameReportFromTheDatabase() throws Exception {
        Path out = Path.of("target", "report-cli", "2026-W47");
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int status = ReportCommand.run(
                new String[] {
                    "--week",
                    "2026-W47",
                    "--zone",
                    "Asia/Shanghai",
                    "--lang",
                    "en",
                    "--jdbc",
                    PostgresTestResource.jdbcUrl(),
                    "--out",
                    out.toString()
                },
                Clock.systemUTC(),
                new PrintStream(stdout, true, "UTF-8"),
                new PrintStream(stderr, true, "UTF-8"));
        assertThat(status).as(stderr.toString("UTF-8")).isZero();
        assertThat(stdout.toString("UTF-8"))
                .contains("weekly report 2026-W47 (Asia/Shanghai) written to")
                .contains("Sign-on success 98.98 %");
        WeeklyReport report = ReportJson.read(Files.readString(out.resolve("report.json")));
        assertThat(report.fleet().attempts()).isEqualTo(23_255);
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg id=\"chart-causes\"");
        assertThat(Files.readAllLines(out.resolve("terminals.csv")))
                .hasSize(6)
                .element(1)
                .asString()
                .startsWith("TR1,MR1,");
    }

    @Test
    void theReportIsInChineseByDefaultAndInTheLanguageAskedFor() {
        JsonPath zh = given().header("Authorization", ADMIN)
                .accept("application/json")
                .get(URL + "?week=2026-W47")
                .then()
                .statusCode(200)
                .header("Content-Language", "zh-CN")
                .extract()
                .jsonPath();
        assertThat(zh.getString("completeness.text"))
                .as("posmon.report.language, zh-CN unless configured")
                .isEqualTo("168 个小时中有 13 个小时无数据：周二 02:00–14:00, 周四 09:00–10:00。");
        assertThat(zh.getLong("fleet.attempts")).isEqualTo(23_255);
        assertThat(zh.getList("causes.cause"))
                .as("stable keys and values")
                .containsExactly("NETWORK", "HOST_UNAVAILABLE", "KEY_MAC");
        String en = given().header("Authorization", ADMIN)
                .header("Accept-Language", "en-GB,en;q=0.9")
                .accept("text/html")
                .get(URL + "?week=2026-W47")
                .then()
                .statusCode(200)
                .header("Content-Language", "en")
                .extract()
                .asString();
        assertThat(en).contains("Weekly reliability report 2026-W47").doesNotContain("签到可靠性周报");
        String zhHtml = given().header("Authorization", ADMIN)
                .header("Accept-Language", "en")
                .accept("text/html")
                .get(URL + "?week=2026-W47&lang=zh-CN")
                .then()
                .statusCode(200)
                .header("Content-Language", "zh-CN")
                .extract()
                .asString();
        assertThat(zhHtml).as("lang= over Accept-Language").contains("签到可靠性周报 2026-W47", "440000 广东省");
        given().header("Authorization", ADMIN)
                .get(URL + "?week=2026-W47&lang=fr")
                .then()
                .statusCode(400)
                .body("field", equalTo("lang"));
    }

    @Test
    void anEmptyWeekIsReportedAsHavingNoData() {
        JsonPath json = given().header("Authorization", ADMIN)
                .accept("application/json")
                .get(URL + "?week=2026-W40&lang=en")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(json.getLong("fleet.attempts")).isZero();
        assertThat(json.get("fleet.successRate") == null)
                .as("an unknown rate is null, not 0")
                .isTrue();
        assertThat(json.getString("fleet.note")).isEqualTo("no data for this week");
        assertThat(json.getString("completeness.text"))
                .isEqualTo("No data for this week: none of its 168 hours has any rollup.");
    }

    @Test
    void aBadOrFutureWeekIsA400NamingTheField() {
        for (String bad : List.of("2026-47", "2026-W54", "last", "2026-W4")) {
            given().header("Authorization", ADMIN)
                    .accept("text/html")
                    .get(URL + "?week=" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("week"))
                    .body("detail", startsWith("week: "));
        }
        String future = reports.currentWeek().next().toString();
        given().header("Authorization", ADMIN)
                .get(URL + "?week=" + future)
                .then()
                .statusCode(400)
                .body("field", equalTo("week"))
                .body(
                        "detail",
                        equalTo("week: " + future + " has not begun yet in Asia/Shanghai (the current week is "
                                + reports.currentWeek() + ")"));
        given().header("Authorization", ADMIN)
                .get(URL + "?week=2026-W47&format=csv&table=nope")
                .then()
                .statusCode(400)
                .body("field", equalTo("table"));
        given().header("Authorization", ADMIN)
                .get(URL + "?week=2026-W47&format=pdf")
                .then()
                .statusCode(400)
                .body("field", equalTo("format"));
        given().get(URL + "?week=2026-W47").then().statusCode(401);
    }

    @Test
    void theWeeklyJobStoresLastWeeksReportOnMondayAfterMidnight() throws Exception {
        ZonedDateTime next =
                scheduler.getScheduledJob("weekly-report").getNextFireTime().atZone(ReportFixture.ZONE);
        assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(next.toLocalTime()).isEqualTo(LocalTime.of(0, 30));

        IsoWeek last = reports.lastWeek();
        try (Connection c = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "")) {
            c.createStatement().executeUpdate("DELETE FROM weekly_report WHERE week = '" + last + "'");
            reports.generateLastWeek();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT zone, complete, json, html, language FROM weekly_report WHERE week = '" + last
                            + "' ORDER BY language")) {
                for (String language : List.of("en", "zh-CN")) {
                    assertThat(rs.next())
                            .as("last week's report is stored in " + language)
                            .isTrue();
                    assertThat(rs.getString(1)).isEqualTo("Asia/Shanghai");
                    assertThat(rs.getBoolean(2)).isTrue();
                    assertThat(ReportJson.read(rs.getString(3)).week()).isEqualTo(last.toString());
                    assertThat(rs.getString(4)).contains("<svg id=\"chart-timeline\"", "lang=\"" + language + "\"");
                    assertThat(rs.getString(5)).isEqualTo(language);
                }
            }
        }
    }

    @Test
    void aHealthTransitionIsStoredWithItsMerchant() throws Exception {
        String terminal = "TRM-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KafkaTestResource.send(
                Topics.TERMINAL_HEALTH,
                TerminalHealth::terminalId,
                List.of(new TerminalHealth(
                        terminal,
                        TerminalHealth.State.STUCK,
                        at.minus(Duration.ofMinutes(31)),
                        at,
                        Cause.NETWORK,
                        9,
                        0,
                        "440000",
                        "HR1",
                        "MR-9")));
        try (Connection c = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                PreparedStatement q = c.prepareStatement(
                        "SELECT merchant_id, state FROM terminal_health_event WHERE terminal_id = ?")) {
            q.setString(1, terminal);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("MR-9");
                    assertThat(rs.getString(2)).isEqualTo("STUCK");
                }
            });
        }
    }
}
