package dev.posmon.alerting.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.alerting.TestDatabase;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 400, never 500: every endpoint of alerting called by the admin (admitted everywhere) with parameters and bodies no
 * client should send — instants of the year 999999 or before year 1 (which {@code Instant} reads and PostgreSQL does not
 * store), huge numbers, bad enums, over-long strings, cursors that decode to such instants, JSON of the wrong types —
 * answers below 500, and a 400 is a problem naming the field.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class HostileInputIT {

    static final String ADMIN = "Bearer test-admin-token";
    static final String FAR_FUTURE = "+999999-01-01T00:00:00Z";
    static final String BEFORE_YEAR_ONE = "-0001-01-01T00:00:00Z";
    /** Longer than any field takes, shorter than the longest request line (4 KiB: a longer one is a 414). */
    static final String LONG = "x".repeat(1500);

    /** A cursor as the lists give them out, of an instant no list holds. */
    static String cursor(String instant) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((instant + "|some-id").getBytes(StandardCharsets.UTF_8));
    }

    static String window(String start, String end) {
        return "{\"hostId\":\"HOSTILE-1\",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}";
    }

    static String recurring(String start, String rrule, String duration, String timezone) {
        return "{\"hostId\":\"HOSTILE-1\",\"start\":\"" + start + "\",\"rrule\":\"" + rrule + "\",\"duration\":\""
                + duration + "\",\"timezone\":\"" + timezone + "\"}";
    }

    static String ics(String dtstart, String extra) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//posmon//hostile//EN\r\nBEGIN:VEVENT\r\nUID:hostile@example\r\n"
                + "DTSTAMP:20261201T000000Z\r\nDTSTART:" + dtstart + "\r\nDURATION:PT1H\r\n" + extra
                + "SUMMARY:hostile\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /** method, path (query encoded), content type, body, the field a 400 must name (null: any field). */
    static Stream<Arguments> calls() {
        String ok = "2026-12-01T00:00:00Z";
        return Stream.of(
                // incidents
                Arguments.of("GET", "/v1/incidents?since=%2B999999-01-01T00:00:00Z", null, null, "since"),
                Arguments.of("GET", "/v1/incidents?since=" + BEFORE_YEAR_ONE, null, null, "since"),
                Arguments.of("GET", "/v1/incidents?since=2026-13-45T00:00:00Z", null, null, "since"),
                Arguments.of("GET", "/v1/incidents?since=" + LONG, null, null, "since"),
                Arguments.of("GET", "/v1/incidents?status=" + LONG, null, null, "status"),
                Arguments.of("GET", "/v1/incidents?kind=%C3%BC%00", null, null, "kind"),
                Arguments.of("GET", "/v1/incidents?limit=99999999999999999999", null, null, "limit"),
                Arguments.of("GET", "/v1/incidents?limit=-1", null, null, "limit"),
                Arguments.of("GET", "/v1/incidents?limit=1e3", null, null, "limit"),
                Arguments.of("GET", "/v1/incidents?cursor=" + cursor(FAR_FUTURE), null, null, "cursor"),
                Arguments.of("GET", "/v1/incidents?cursor=" + cursor(BEFORE_YEAR_ONE), null, null, "cursor"),
                Arguments.of("GET", "/v1/incidents?cursor=" + "A".repeat(600), null, null, "cursor"),
                Arguments.of("GET", "/v1/incidents?lang=" + LONG, null, null, "lang"),
                Arguments.of("GET", "/v1/incidents/" + "x".repeat(2000), null, null, null),
                Arguments.of("GET", "/v1/incidents/%00%FF", null, null, "id"),
                Arguments.of("GET", "/v1/incidents/x/terminals?limit=0", null, null, null),
                Arguments.of("GET", "/v1/incidents/x/terminals?cursor=" + cursor(FAR_FUTURE), null, null, null),
                Arguments.of("GET", "/v1/incidents/x/terminals?format=" + LONG, null, null, null),
                Arguments.of("POST", "/v1/incidents/" + "x".repeat(2000) + "/ack", null, null, null),
                Arguments.of("POST", "/v1/incidents/%00/resolve", null, null, "id"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W47&acquirer=%00", null, null, "acquirer"),
                // maintenance windows
                Arguments.of(
                        "POST", "/v1/maintenance-windows", "application/json", window(FAR_FUTURE, FAR_FUTURE), "start"),
                Arguments.of(
                        "POST", "/v1/maintenance-windows", "application/json", window(BEFORE_YEAR_ONE, ok), "start"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", window(ok, FAR_FUTURE), "end"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", window("yesterday", ok), "start"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", window(ok, LONG), "end"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        "{\"hostId\":{\"a\":1},\"start\":\"" + ok + "\"}",
                        "hostId"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        "{\"hostId\":\"H\",\"start\":true,\"end\":\"" + ok + "\"}",
                        "start"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        "{\"hostId\":\"H\",\"start\":\"" + ok + "\",\"end\":\"" + ok + "\",\"reason\":[1,2]}",
                        "reason"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        "{\"hostId\":\"H\",\"start\":\"" + ok + "\",\"end\":\"" + ok + "\",\"reason\":\"" + LONG
                                + "\"}",
                        "reason"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", "[1,2]", "body"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", "not json", "body"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", "{", "body"),
                Arguments.of("POST", "/v1/maintenance-windows", "application/json", "null", null),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        recurring(ok, "FREQ=DAILY", "P99999999999999999D", "Asia/Shanghai"),
                        "duration"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        recurring(ok, "FREQ=DAILY", "PT99999999999H", "Asia/Shanghai"),
                        "duration"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        recurring(ok, "FREQ=DAILY;COUNT=99999999999999999999", "PT1H", "Asia/Shanghai"),
                        null),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        // lib-recur reads no UNTIL in it (lax): a daily window without end
                        recurring(ok, "FREQ=DAILY;UNTIL=+9999990101T000000Z", "PT1H", "Asia/Shanghai"),
                        null),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        recurring(ok, "FREQ=DAILY;UNTIL=00001231T000000Z", "PT1H", "Asia/Shanghai"),
                        null),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        "{\"hostId\":\"H\",\"start\":\"" + ok
                                + "\",\"end\":\"2026-12-02T00:00:00Z\",\"reason\":\"a\\u0000b\"}",
                        "reason"),
                Arguments.of(
                        "POST",
                        "/v1/maintenance-windows",
                        "application/json",
                        recurring(ok, "FREQ=DAILY", "PT1H", "Not/AZone"),
                        "timezone"),
                Arguments.of("GET", "/v1/maintenance-windows?limit=1001", null, null, "limit"),
                Arguments.of("GET", "/v1/maintenance-windows?cursor=" + cursor(FAR_FUTURE), null, null, "cursor"),
                Arguments.of("GET", "/v1/maintenance-windows?cursor=" + cursor(BEFORE_YEAR_ONE), null, null, "cursor"),
                Arguments.of("DELETE", "/v1/maintenance-windows/" + "x".repeat(2000), null, null, null),
                Arguments.of("DELETE", "/v1/maintenance-windows/%00", null, null, "id"),
                // maintenance calendars
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/" + "x".repeat(100) + "?hostId=H",
                        "text/calendar",
                        ics("20261201T000000Z", ""),
                        "name"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=" + LONG,
                        "text/calendar",
                        ics("20261201T000000Z", ""),
                        "hostId"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?province=99999999999999999999",
                        "text/calendar",
                        ics("20261201T000000Z", ""),
                        "province"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=H&timezone=" + LONG,
                        "text/calendar",
                        ics("20261201T000000Z", ""),
                        "timezone"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=H",
                        "text/calendar",
                        ics("+9999990101T000000Z", ""),
                        "body"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=H",
                        "text/calendar",
                        ics("20261201T000000Z", "RRULE:FREQ=DAILY;UNTIL=99991231T000000Z;COUNT=99999999999\r\n"),
                        null),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=H",
                        "text/calendar",
                        ics("00010101T000000Z", ""),
                        null),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=H",
                        "text/calendar",
                        ics("20261201T000000Z", "DURATION:P99999999999999999D\r\n"),
                        null),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile",
                        "application/json",
                        "{\"url\":[\"http://example\"],\"hostId\":\"H\"}",
                        "url"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile",
                        "application/json",
                        "{\"url\":\"" + LONG + "\"}",
                        "url"),
                Arguments.of("PUT", "/v1/maintenance-calendars/hostile", "application/json", "null", "body"),
                Arguments.of("PUT", "/v1/maintenance-calendars/hostile", "application/json", "{", "body"),
                Arguments.of("GET", "/v1/maintenance-calendars?limit=0", null, null, "limit"),
                Arguments.of("GET", "/v1/maintenance-calendars?cursor=" + cursor(FAR_FUTURE), null, null, "cursor"),
                Arguments.of("DELETE", "/v1/maintenance-calendars/" + "x".repeat(2000), null, null, null),
                Arguments.of("DELETE", "/v1/maintenance-calendars/a%00", null, null, "name"),
                Arguments.of(
                        "PUT",
                        "/v1/maintenance-calendars/hostile?hostId=H",
                        "text/calendar",
                        ics("20261201T000000Z", "DESCRIPTION:a\u0000b\r\n"),
                        "body"),
                // reports
                Arguments.of("GET", "/v1/reports/weekly?week=%2B999999-W01", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=999999999-W01", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=99999999999999999999-W01", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=-0001-W01", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=0000-W01", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W99", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W00", null, null, "week"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W47&format=" + LONG, null, null, "format"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W47&format=csv&table=" + LONG, null, null, "table"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W47&lang=" + LONG, null, null, "lang"),
                Arguments.of("GET", "/v1/reports/weekly?week=2026-W47&acquirer=" + LONG, null, null, "acquirer"));
    }

    /**
     * What the calls that were taken declared (a window of a year-1 notice, a rule with a huge COUNT) goes, so that no
     * later test's report or calendar meets it.
     */
    @AfterAll
    static void forgetWhatWasDeclared() throws SQLException {
        try (Connection connection = TestDatabase.migrated().getConnection();
                Statement delete = connection.createStatement()) {
            delete.executeUpdate(
                    "DELETE FROM maintenance_window WHERE host_id IN ('HOSTILE-1', 'H') OR source = 'hostile'");
            delete.executeUpdate("DELETE FROM maintenance_calendar WHERE name = 'hostile'");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("calls")
    void aHostileCallIsAnsweredBelow500AndA400NamesTheField(
            String method, String path, String contentType, String body, String field) {
        RequestSpecification request =
                given().urlEncodingEnabled(false).header("Authorization", ADMIN).header("Accept-Language", "%%%;q=x");
        if (contentType != null) {
            request.contentType(contentType + "; charset=utf-8");
        }
        if (body != null) {
            request.body(body);
        }
        Response answer = request.request(method, path);
        String shown = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        String said = answer.asString().length() > 400 ? answer.asString().substring(0, 400) + "…" : answer.asString();
        assertThat(answer.statusCode())
                .as("%s %s answered %s", method, shown, said)
                .isLessThan(500);
        if (answer.statusCode() == 400) {
            assertThat(answer.contentType())
                    .as("%s %s answered %s", method, shown, said)
                    .startsWith("application/problem+json");
            assertThat(answer.jsonPath().getInt("status")).isEqualTo(400);
            String named = answer.jsonPath().getString("field");
            assertThat(named).as("the field of %s", said).isNotBlank();
            if (field != null) {
                assertThat(named).as(said).isEqualTo(field);
            }
        } else if (field != null) {
            assertThat(answer.statusCode())
                    .as("%s %s should be a 400 naming %s, answered %s", method, shown, field, said)
                    .isEqualTo(400);
        }
    }
}
