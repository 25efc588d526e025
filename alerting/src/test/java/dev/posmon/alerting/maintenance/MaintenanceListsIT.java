package dev.posmon.alerting.maintenance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.alerting.TestDatabase;
import dev.posmon.contract.api.Paging;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The maintenance lists through HTTP on the real PostgreSQL: windows and calendars are paged in SQL (limit and keyset),
 * the pages chained by their {@code Link} header give every row once in the list's order, and a page parameter that
 * does not read is a 400 naming it. And a notice calendar larger than alerting's old 64 KiB body limit uploads, as a
 * calendar fetched by URL of that size would import.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class MaintenanceListsIT {

    static final String ADMIN = "Bearer test-admin-token";
    static final String OPERATOR = "Bearer test-operator-token";

    /** This class's windows and calendars go, so that the lists other tests walk stay short. */
    @AfterAll
    static void forgetThisClassesWindows() throws SQLException {
        try (Connection connection = TestDatabase.migrated().getConnection();
                Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM maintenance_window WHERE host_id LIKE 'PG-%'");
            delete.executeUpdate(
                    "DELETE FROM maintenance_calendar WHERE name LIKE 'paging-%' OR name LIKE 'large-%' OR name LIKE 'huge-%'");
        }
    }

    @Test
    void windowPagesChainedByTheirLinkGiveEveryWindowOnceByStart() {
        // five windows share one start, so the id orders them within it; two more on either side
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(3, ChronoUnit.DAYS);
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            Instant from = i < 5 ? start : start.plus(i - 6L, ChronoUnit.HOURS);
            declared.add(given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(Map.of(
                            "hostId",
                            "PG-" + UUID.randomUUID().toString().substring(0, 8),
                            "start",
                            from.toString(),
                            "end",
                            from.plus(1, ChronoUnit.HOURS).toString(),
                            "reason",
                            "paging " + i))
                    .post("/v1/maintenance-windows")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        List<Map<String, Object>> walked = walk("/v1/maintenance-windows?limit=3", 3);
        List<String> ids = walked.stream().map(w -> (String) w.get("id")).toList();
        assertThat(ids).as("every window once").doesNotHaveDuplicates().containsAll(declared);
        assertThat(walked)
                .as("by start, then id")
                .isSortedAccordingTo(
                        Comparator.<Map<String, Object>, Instant>comparing(w -> Instant.parse((String) w.get("start")))
                                .thenComparing(w -> (String) w.get("id")));
        assertThat(walk("/v1/maintenance-windows?limit=1000", 1000))
                .as("the same list however it is paged")
                .isEqualTo(walked);
    }

    @Test
    void calendarPagesChainedByTheirLinkGiveEveryCalendarOnceInTheOrderAdded() {
        Set<String> uploaded = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String name = "paging-" + UUID.randomUUID().toString().substring(0, 8);
            given().header("Authorization", ADMIN)
                    .contentType("text/calendar; charset=utf-8")
                    .body(calendar(name, 1))
                    .put("/v1/maintenance-calendars/" + name + "?hostId=PG-" + i)
                    .then()
                    .statusCode(200)
                    .body("created", equalTo(1));
            uploaded.add(name);
        }
        List<Map<String, Object>> walked = walk("/v1/maintenance-calendars?limit=2", 2);
        List<String> names = walked.stream().map(c -> (String) c.get("name")).toList();
        assertThat(names).as("every calendar once").doesNotHaveDuplicates().containsAll(uploaded);
        assertThat(walked)
                .as("in the order they were added, then by name")
                .isSortedAccordingTo(Comparator.<Map<String, Object>, Instant>comparing(
                                c -> Instant.parse((String) c.get("createdAt")))
                        .thenComparing(c -> (String) c.get("name")));
        assertThat(walk("/v1/maintenance-calendars?limit=1000", 1000))
                .as("the same list however it is paged")
                .isEqualTo(walked);
        for (String name : uploaded) {
            given().header("Authorization", ADMIN)
                    .delete("/v1/maintenance-calendars/" + name)
                    .then()
                    .statusCode(200);
        }
    }

    @ParameterizedTest(name = "{0}: {1} is a 400 naming {2}")
    @CsvSource({
        "/v1/maintenance-windows,   limit=0,                   limit",
        "/v1/maintenance-windows,   limit=1001,                limit",
        "/v1/maintenance-windows,   limit=-5,                  limit",
        "/v1/maintenance-windows,   cursor=not-a-cursor!,      cursor",
        "/v1/maintenance-windows,   cursor=bm90LWEtdGltZXxpZA, cursor",
        "/v1/maintenance-calendars, limit=0,                   limit",
        "/v1/maintenance-calendars, limit=1001,                limit",
        "/v1/maintenance-calendars, limit=99999999999999999,   limit",
        "/v1/maintenance-calendars, cursor=not-a-cursor!,      cursor",
        "/v1/maintenance-calendars, cursor=bm90LWEtdGltZXxpZA, cursor",
    })
    void aPageParameterThatDoesNotReadIsABadRequestNamingIt(String path, String query, String field) {
        given().header("Authorization", OPERATOR)
                .get(path + "?" + query)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("field", equalTo(field))
                .body("detail", startsWith(field + ": "));
    }

    @ParameterizedTest(name = "limit={0} is a page")
    @ValueSource(ints = {1, 1000})
    void theLimitsBoundsAreAccepted(int limit) {
        for (String path : List.of("/v1/maintenance-windows", "/v1/maintenance-calendars")) {
            List<Object> page = given().header("Authorization", OPERATOR)
                    .get(path + "?limit=" + limit)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            assertThat(page).hasSizeLessThanOrEqualTo(limit);
        }
    }

    /**
     * A notice calendar of years of events is larger than the 64 KiB alerting once took as any body; uploaded, it is
     * the same document the URL subscription reads up to 2 MiB, so it is taken the same.
     */
    @Test
    void aCalendarLargerThanSixtyFourKibibytesUploads() {
        String name = "large-" + UUID.randomUUID().toString().substring(0, 8);
        String ics = calendar(name, 400);
        assertThat(ics.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(64 * 1024);
        given().header("Authorization", ADMIN)
                .contentType("text/calendar; charset=utf-8")
                .body(ics)
                .put("/v1/maintenance-calendars/" + name + "?hostId=PG-LARGE")
                .then()
                .statusCode(200)
                .body("created", equalTo(400));
        given().header("Authorization", ADMIN)
                .delete("/v1/maintenance-calendars/" + name)
                .then()
                .statusCode(200)
                .body("cancelled", equalTo(400));
    }

    @Test
    void aCalendarLargerThanAFetchedFeedMayBeIsRefused() {
        String name = "huge-" + UUID.randomUUID().toString().substring(0, 8);
        String ics = calendar(name, 400);
        StringBuilder huge = new StringBuilder(ics);
        while (huge.length() <= NoticeCalendars.MAX_FEED_BYTES) {
            huge.append(ics);
        }
        try {
            given().header("Authorization", ADMIN)
                    .contentType("text/calendar; charset=utf-8")
                    .body(huge.toString())
                    .put("/v1/maintenance-calendars/" + name + "?hostId=PG-HUGE")
                    .then()
                    .statusCode(413);
        } catch (Exception e) {
            // the server may answer 413 and close before the client has sent it all: refused all the same
            assertThat(e).isInstanceOf(SocketException.class);
        }
        given().header("Authorization", OPERATOR)
                .get("/v1/maintenance-windows?limit=1000")
                .then()
                .statusCode(200);
        assertThat(given().header("Authorization", ADMIN)
                        .delete("/v1/maintenance-calendars/" + name)
                        .statusCode())
                .as("nothing of it was stored")
                .isEqualTo(404);
    }

    /** Follows the pages from {@code first}: each at most {@code limit} items, their items in order. */
    static List<Map<String, Object>> walk(String first, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            ExtractableResponse<Response> page = given().header("Authorization", OPERATOR)
                    .get(next)
                    .then()
                    .statusCode(200)
                    .extract();
            List<Map<String, Object>> rows = page.jsonPath().getList("$");
            assertThat(rows).hasSizeLessThanOrEqualTo(limit);
            items.addAll(rows);
            next = Paging.nextFrom(page.header("Link"));
            assertThat(++pages).as("pages walked").isLessThan(10_000);
        }
        return items;
    }

    /** A host's notice calendar of {@code events} one-hour works, one a day, each padded as real notices are. */
    static String calendar(String name, int events) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//posmon//paging//EN\r\n");
        Instant first = Instant.parse("2027-01-04T16:00:00Z");
        for (int i = 0; i < events; i++) {
            Instant start = first.plus(i, ChronoUnit.DAYS);
            ics.append("BEGIN:VEVENT\r\n")
                    .append("UID:")
                    .append(name)
                    .append('-')
                    .append(i)
                    .append("@acquirer.example\r\n")
                    .append("DTSTAMP:20261201T000000Z\r\n")
                    .append("DTSTART:")
                    .append(ics(start))
                    .append("\r\nDTEND:")
                    .append(ics(start.plus(1, ChronoUnit.HOURS)))
                    .append("\r\nSUMMARY:host cut-over ")
                    .append(i)
                    .append("\r\nDESCRIPTION:")
                    .append("scheduled works on the acquiring host; terminals may fail to sign on. ".repeat(2))
                    .append("\r\nEND:VEVENT\r\n");
        }
        return ics.append("END:VCALENDAR\r\n").toString();
    }

    private static String ics(Instant instant) {
        return instant.toString().replace("-", "").replace(":", "");
    }
}
