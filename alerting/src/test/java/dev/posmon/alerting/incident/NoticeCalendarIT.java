package dev.posmon.alerting.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * A carrier's published maintenance notices (an iCalendar feed alerting subscribes to, served over HTTP here) make
 * its announced works planned: a network outage of that carrier in that province inside a notice's recurring window
 * is a PLANNED_MAINTENANCE incident and pages nobody. The cube windows go through the real broker, the incidents and
 * windows through the real PostgreSQL, and Alertmanager is the real one.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class NoticeCalendarIT {

    static final String ADMIN = "Bearer test-admin-token";
    static final String PROVINCE = "440000";
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    final Random random = new Random(7);

    @Test
    void aCarrierOutageInsideItsPublishedRecurringWindowIsPlannedAndPagesNobody() throws Exception {
        String carrier = "CT" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String name = "gd-" + carrier.toLowerCase();
        Instant from = AlertingIT.NEXT_WINDOW.get();
        String ics = recurringWorks(carrier, from.plus(Duration.ofMinutes(10)));
        HttpServer feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/notices.ics", exchange -> {
            byte[] body = ics.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/calendar; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        feed.start();
        try {
            given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(Map.of(
                            "url",
                            "http://127.0.0.1:" + feed.getAddress().getPort() + "/notices.ics",
                            "province",
                            PROVINCE,
                            "carrier",
                            carrier))
                    .put("/v1/maintenance-calendars/" + name)
                    .then()
                    .statusCode(200)
                    .body("windows", Matchers.equalTo(2))
                    .body("lastError", Matchers.nullValue())
                    .body("timezone", Matchers.equalTo("Asia/Shanghai"));
        } finally {
            feed.stop(0);
        }
        JsonNode windows = ContractJson.mapper()
                .readTree(given().header("Authorization", ADMIN)
                        .get("/v1/maintenance-windows?limit=1000")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<JsonNode> imported = new ArrayList<>();
        windows.forEach(w -> {
            if (name.equals(w.path("source").asText())) {
                imported.add(w);
            }
        });
        assertThat(imported)
                .extracting(w -> w.path("rrule").asText(null))
                .containsExactlyInAnyOrder("FREQ=DAILY", null);
        assertThat(imported).allSatisfy(w -> {
            assertThat(w.path("province").asText()).isEqualTo(PROVINCE);
            assertThat(w.path("carrier").asText()).isEqualTo(carrier);
        });

        AlertingIT.send(cells(carrier, 15, 0.02));
        AlertingIT.send(cells(carrier, 3, 0.9));

        JsonNode incident = awaitIncidentOf(carrier);
        assertThat(incident.get("kind").asText())
                .as("the carrier's announced works, not an outage")
                .isEqualTo("PLANNED_MAINTENANCE");
        assertThat(incident.at("/scope/province").asText()).isEqualTo(PROVINCE);
        assertThat(incident.get("action").asText()).contains("已公告的维护");
        String id = incident.get("id").asText();
        assertThat(AlertingIT.count(
                        "SELECT count(*) FROM notification_outbox WHERE incident_id = ? AND receiver = 'alertmanager'",
                        id))
                .as("no page is written, in the incident's own transaction")
                .isZero();
        assertThat(AlertingIT.alertsFor(id)).isEmpty();

        given().header("Authorization", ADMIN)
                .delete("/v1/maintenance-calendars/" + name)
                .then()
                .statusCode(200)
                .body("cancelled", Matchers.equalTo(2));
    }

    @Test
    void anUploadedCalendarIsImportedAndABrokenOneIsA400NamingTheBody() {
        String name = "upload-" + UUID.randomUUID().toString().substring(0, 8);
        String ics = recurringWorks("CMCC", Instant.parse("2026-12-01T16:00:00Z"));
        given().header("Authorization", ADMIN)
                .contentType("text/calendar; charset=utf-8")
                .body(ics)
                .put("/v1/maintenance-calendars/" + name + "?province=" + PROVINCE + "&carrier=CMCC")
                .then()
                .statusCode(200)
                .body("created", Matchers.equalTo(2));
        given().header("Authorization", ADMIN)
                .contentType("text/calendar; charset=utf-8")
                .body(ics)
                .put("/v1/maintenance-calendars/" + name + "?province=" + PROVINCE + "&carrier=CMCC")
                .then()
                .statusCode(200)
                .body("created", Matchers.equalTo(0))
                .body("unchanged", Matchers.equalTo(2));
        given().header("Authorization", ADMIN)
                .contentType("text/calendar; charset=utf-8")
                .body("BEGIN:VCALENDAR\r\nnonsense")
                .put("/v1/maintenance-calendars/" + name + "?province=" + PROVINCE)
                .then()
                .statusCode(400)
                .body("field", Matchers.equalTo("body"));
        given().header("Authorization", ADMIN)
                .contentType("text/calendar; charset=utf-8")
                .body(ics)
                .put("/v1/maintenance-calendars/" + name + "?province=990000")
                .then()
                .statusCode(400)
                .body("field", Matchers.equalTo("province"));
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of("url", "http://", "province", PROVINCE))
                .put("/v1/maintenance-calendars/" + name)
                .then()
                .statusCode(400)
                .body("field", Matchers.equalTo("url"));
        given().header("Authorization", ADMIN)
                .delete("/v1/maintenance-calendars/" + name)
                .then()
                .statusCode(200)
                .body("cancelled", Matchers.equalTo(2));
    }

    /** A carrier's notices: daily works of two hours from {@code start} (Beijing time), and a one-off upgrade. */
    static String recurringWorks(String carrier, Instant start) {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        String local = LOCAL.format(start.atZone(shanghai));
        String later = LOCAL.format(start.plus(Duration.ofDays(3)).atZone(shanghai));
        return String.join(
                "\r\n",
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//" + carrier + "//Maintenance notices//ZH",
                "BEGIN:VEVENT",
                "UID:daily-works@" + carrier.toLowerCase() + ".example",
                "DTSTAMP:20261201T000000Z",
                "DTSTART;TZID=Asia/Shanghai:" + local,
                "DURATION:PT2H",
                "RRULE:FREQ=DAILY",
                "SUMMARY:" + carrier + " 广东 基站割接 daily works",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:upgrade@" + carrier.toLowerCase() + ".example",
                "DTSTAMP:20261201T000000Z",
                "DTSTART;TZID=Asia/Shanghai:" + later,
                "DTEND;TZID=Asia/Shanghai:"
                        + LOCAL.format(
                                start.plus(Duration.ofDays(3).plusHours(4)).atZone(shanghai)),
                "SUMMARY:Core network upgrade",
                "END:VEVENT",
                "END:VCALENDAR",
                "");
    }

    /** The next {@code count} windows of three hosts, five provinces and three carriers; {@code carrier} in 440000 fails at {@code ratio}. */
    List<CubeCell> cells(String outageCarrier, int count, double outageRatio) {
        return AlertingIT.cells(
                random,
                count,
                new String[] {"HN-a", "HN-b", "HN-c"},
                new String[] {"CMCC", "CUCC", outageCarrier},
                (province, host, carrier) ->
                        carrier.equals(outageCarrier) && province.equals(PROVINCE) ? outageRatio : 0.02,
                Cause.NETWORK,
                "CONNECT_TIMEOUT");
    }

    static JsonNode awaitIncidentOf(String carrier) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> ofCarrier = AlertingIT.incidentsWhere("carrier", carrier);
            assertThat(ofCarrier).hasSize(1);
            found.set(ofCarrier.get(0));
        });
        return found.get();
    }
}
