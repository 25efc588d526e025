package dev.posmon.alerting.incident;

import static dev.posmon.alerting.incident.AlertingIT.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.alerting.report.IsoWeek;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.json.ContractJson;
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
        send(tenants(AlertingIT.windows(random, host, 15, 0.02), host));
        send(tenants(AlertingIT.windows(random, host, 3, 0.9), host));

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

    /** A's host is A's; its two sibling hosts serve B. */
    List<CubeCell> tenants(List<CubeCell> cells, String hostOfA) {
        List<CubeCell> out = new ArrayList<>();
        for (CubeCell c : cells) {
            out.add(new CubeCell(
                    c.windowStart(),
                    c.windowEnd(),
                    c.province(),
                    c.host(),
                    c.carrier(),
                    c.model(),
                    c.firmware(),
                    c.attempts(),
                    c.successes(),
                    c.failures(),
                    c.failuresByCause(),
                    c.failingTerminals(),
                    c.failuresByCode(),
                    c.failedTerminals(),
                    c.failingAtEnd(),
                    c.recoveredTerminals(),
                    c.host().equals(hostOfA) ? acquirerA : acquirerB));
        }
        return out;
    }

    static void send(List<CubeCell> cells) throws Exception {
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
