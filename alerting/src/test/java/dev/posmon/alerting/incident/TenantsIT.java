package dev.posmon.alerting.incident;

import static dev.posmon.alerting.incident.AlertingIT.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.alerting.report.IsoWeek;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.DeskTokens;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two acquirers' fleets in one running alerting, on the real broker and PostgreSQL: an outage of acquirer A's host is
 * one incident that hit A; A's operator, bound to A by a desk credential on {@code posmon.credentials.v1}, lists,
 * reads and acknowledges it, and reads A's weekly report with it; B's operator sees none of it through any API that
 * lists or reads (an empty list, 403 for the incident, its acknowledgement and A's report), and B's own report holds
 * only B's traffic. The incident's Alertmanager alert carries {@code acquirer=A}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class TenantsIT {

    static final ZoneId REPORT_ZONE = ZoneId.of("Asia/Shanghai");

    final Random random = new Random(7);
    final String run = UUID.randomUUID().toString().substring(0, 6);
    final String acquirerA = "ACQ-A-" + run;
    final String acquirerB = "ACQ-B-" + run;

    @Test
    void eachAcquirersOperatorSeesOnlyTheIncidentsAndReportsOfItsAcquirer() throws Exception {
        String operatorA = issue("operator", acquirerA);
        String operatorB = issue("operator", acquirerB);
        String host = "HA-" + run;
        sendCells(tenants(AlertingIT.windows(random, host, 15, 0.02), host));
        sendCells(tenants(AlertingIT.windows(random, host, 3, 0.9), host));

        JsonNode incident = AlertingIT.awaitIncident(host, "OPEN");
        String id = incident.get("id").asText();
        assertThat(incident.get("acquirers")).extracting(JsonNode::asText).containsExactly(acquirerA);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(AlertingIT.alertsFor(id))
                        .singleElement()
                        .satisfies(
                                alert -> assertThat(alert.at("/labels/acquirer").asText())
                                        .as("Alertmanager routes the page by tenant")
                                        .isEqualTo(acquirerA)));

        assertThat(listed(operatorA)).contains(id);
        assertThat(listed(operatorB))
                .as("B's operator lists none of A's incidents")
                .doesNotContain(id);
        given().header("Authorization", operatorA)
                .get("/v1/incidents/" + id)
                .then()
                .statusCode(200);
        given().header("Authorization", operatorB)
                .get("/v1/incidents/" + id)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", operatorB)
                .post("/v1/incidents/" + id + "/ack")
                .then()
                .statusCode(403);
        given().header("Authorization", operatorB)
                .post("/v1/incidents/" + id + "/resolve")
                .then()
                .statusCode(403);
        given().header("Authorization", operatorA)
                .post("/v1/incidents/" + id + "/ack")
                .then()
                .statusCode(200);

        whoWasHit(id, host, Instant.parse(incident.get("onset").asText()), operatorA, operatorB);

        String week = IsoWeek.containing(Instant.parse(incident.get("onset").asText()), REPORT_ZONE)
                .toString();
        JsonNode reportA = report(operatorA, week, null, 200);
        assertThat(reportA.get("acquirer").asText()).isEqualTo(acquirerA);
        assertThat(reportA.get("incidents"))
                .extracting(line -> line.get("id").asText())
                .contains(id);
        assertThat(reportA.at("/fleet/attempts").asLong())
                .as("A's report counts A's host's traffic: 18 windows × 5 provinces × 2 carriers × 40")
                .isEqualTo(18L * 5 * 2 * 40);
        JsonNode reportB = report(operatorB, week, null, 200);
        assertThat(reportB.get("acquirer").asText()).isEqualTo(acquirerB);
        assertThat(reportB.get("incidents"))
                .extracting(line -> line.get("id").asText())
                .doesNotContain(id);
        assertThat(reportB.at("/fleet/attempts").asLong())
                .as("B's report counts B's two hosts only")
                .isEqualTo(2L * 18 * 5 * 2 * 40);
        report(operatorB, week, acquirerA, 403);
        given().header("Authorization", operatorB)
                .get("/v1/reports/weekly?week=" + week + "&acquirer=" + acquirerA)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        JsonNode all = report(ADMIN, week, null, 200);
        assertThat(all.path("acquirer").isMissingNode() || all.path("acquirer").isNull())
                .as("the admin's report is of every acquirer")
                .isTrue();
        assertThat(all.at("/fleet/attempts").asLong()).isGreaterThanOrEqualTo(3L * 18 * 5 * 2 * 40);
        assertThat(report(ADMIN, week, acquirerB, 200).at("/fleet/attempts").asLong())
                .isEqualTo(reportB.at("/fleet/attempts").asLong());
    }

    /**
     * The desk lists the terminals the incident hit from their failure episodes: those of its scope that began failing
     * from a little before the onset on; a bound operator sees only its acquirer's, in CSV too (cells neutralised).
     */
    void whoWasHit(String id, String host, Instant onset, String operatorA, String operatorB) throws Exception {
        String t = "T" + run;
        send(List.of(
                failing(t + "-1", host, acquirerA, onset.plusSeconds(20), "=HYPERLINK(\"x\")"),
                failing(t + "-2", host, acquirerA, onset.plusSeconds(40), "P2000"),
                failing(t + "-3", host, acquirerB, onset.plusSeconds(50), "P2000"),
                failing(t + "-4", host + "-b", acquirerA, onset.plusSeconds(30), "P2000"),
                failing(t + "-5", host, acquirerA, onset.minus(Duration.ofMinutes(30)), "P2000"),
                recovered(t + "-1", host, acquirerA, onset.plusSeconds(200))));
        String path = "/v1/incidents/" + id + "/terminals";
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(terminalIds(ADMIN, path))
                        .as(
                                "the host's terminals of every acquirer whose failure began from 10 minutes before the onset")
                        .containsExactly(t + "-1", t + "-2", t + "-3"));
        JsonNode list = ContractJson.mapper()
                .readTree(given().header("Authorization", operatorA)
                        .get(path + "?lang=en")
                        .then()
                        .statusCode(200)
                        .header("Content-Language", "en")
                        .extract()
                        .asString());
        assertThat(list).extracting(row -> row.get("terminalId").asText()).containsExactly(t + "-1", t + "-2");
        JsonNode first = list.get(0);
        assertThat(first.get("merchantId").asText()).isEqualTo("M-" + t + "-1");
        assertThat(first.get("provinceName").asText()).isEqualTo("Guangdong");
        assertThat(first.get("city").asText()).isEqualTo("440300");
        assertThat(first.get("cityName").asText()).isEqualTo("Shenzhen");
        assertThat(first.get("app").asText()).isEqualTo("3.4.1");
        assertThat(first.get("state").asText()).isEqualTo("RECOVERED");
        assertThat(first.get("recoveredAt").asText())
                .isEqualTo(onset.plusSeconds(200).toString());
        assertThat(list.get(1).get("state").asText()).isEqualTo("FAILING");
        assertThat(list.get(1).get("lastCause").asText()).isEqualTo("HOST_UNAVAILABLE");

        String page1 = given().header("Authorization", ADMIN)
                .get(path + "?limit=2")
                .then()
                .statusCode(200)
                .header("Link", containsString("rel=\"next\""))
                .extract()
                .header("Link");
        assertThat(terminalIds(ADMIN, Paging.nextFrom(page1).replaceFirst("^https?://[^/]+", "")))
                .containsExactly(t + "-3");

        String csv = given().header("Authorization", operatorA)
                .accept("text/csv")
                .get(path + "?lang=zh-CN")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        assertThat(csv.lines().findFirst().orElseThrow())
                .startsWith("terminalId,merchantId,acquirer,province,provinceName,city,cityName,host");
        assertThat(csv).contains("广东省").contains("深圳市").contains("'=HYPERLINK").doesNotContain(t + "-3");
        given().header("Authorization", operatorB).get(path).then().statusCode(403);
    }

    static TerminalHealth failing(String terminal, String host, String acquirer, Instant at, String model) {
        return health(terminal, TerminalHealth.State.FAILING, host, acquirer, at, model);
    }

    static TerminalHealth recovered(String terminal, String host, String acquirer, Instant at) {
        return health(terminal, TerminalHealth.State.RECOVERED, host, acquirer, at, "P2000");
    }

    static TerminalHealth health(
            String terminal, TerminalHealth.State state, String host, String acquirer, Instant at, String model) {
        return new TerminalHealth(
                terminal,
                state,
                at,
                at,
                Cause.HOST_UNAVAILABLE,
                state == TerminalHealth.State.FAILING ? 1 : 0,
                0,
                "440000",
                host,
                "M-" + terminal,
                acquirer,
                "CMCC",
                model,
                "FW-7.4",
                "3.4.1",
                "440305");
    }

    static void send(List<TerminalHealth> transitions) {
        KafkaTestResource.send(Topics.TERMINAL_HEALTH, TerminalHealth::terminalId, transitions);
    }

    static List<String> terminalIds(String bearer, String path) throws Exception {
        List<String> ids = new ArrayList<>();
        ContractJson.mapper()
                .readTree(given().header("Authorization", bearer)
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .forEach(row -> ids.add(row.get("terminalId").asText()));
        return ids;
    }

    /** A's host is A's; its two sibling hosts serve B. */
    List<CubeCell> tenants(List<CubeCell> cells, String hostOfA) {
        List<CubeCell> out = new ArrayList<>();
        for (CubeCell c : cells) {
            out.add(c.withAcquirer(c.host().equals(hostOfA) ? acquirerA : acquirerB));
        }
        return out;
    }

    static void sendCells(List<CubeCell> cells) throws Exception {
        AlertingIT.send(cells);
    }

    /** A desk credential bound to one acquirer, once alerting has read it from the topic. */
    static String issue(String role, String acquirer) throws Exception {
        String bearer = DeskTokens.issue(KafkaTestResource.bootstrapServers(), role, acquirer);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().header("Authorization", bearer)
                        .get("/v1/incidents?limit=1")
                        .then()
                        .statusCode(200));
        return bearer;
    }

    static List<String> listed(String bearer) throws Exception {
        List<String> ids = new ArrayList<>();
        ContractJson.mapper()
                .readTree(given().header("Authorization", bearer)
                        .get("/v1/incidents?limit=1000")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .forEach(incident -> ids.add(incident.get("id").asText()));
        return ids;
    }

    static JsonNode report(String bearer, String week, String acquirer, int status) throws Exception {
        String body = given().header("Authorization", bearer)
                .get("/v1/reports/weekly?format=json&lang=en&week=" + week
                        + (acquirer == null ? "" : "&acquirer=" + acquirer))
                .then()
                .statusCode(status)
                .extract()
                .asString();
        return ContractJson.mapper().readTree(body);
    }
}
