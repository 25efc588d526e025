package dev.posmon.alerting.incident;

import static dev.posmon.alerting.incident.AlertingIT.awaitIncident;
import static dev.posmon.alerting.incident.AlertingIT.send;
import static dev.posmon.alerting.incident.AlertingIT.windows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.api.Paging;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The incidents API through HTTP: its filters, its pages, acknowledge and resolve, and 400 problems for parameters that do not read. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class IncidentsApiIT {

    static final String OPERATOR = "Bearer test-operator-token";

    @ParameterizedTest(name = "{0} is a 400 naming {1}")
    @CsvSource({
        "since=garbage,             since",
        "since=2026-11-26,          since",
        "status=BROKEN,             status",
        "kind=HOST_DOWN,            kind",
        "status=OPEN&kind=whatever, kind",
    })
    void aFilterThatDoesNotReadIsABadRequestNamingIt(String query, String parameter) {
        given().header("Authorization", OPERATOR)
                .get("/v1/incidents?" + query)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("field", equalTo(parameter))
                .body("detail", startsWith(parameter + ": "));
    }

    @ParameterizedTest(name = "{0} is a 400 naming {1}")
    @CsvSource({
        "limit=0,                   limit",
        "limit=1001,                limit",
        "limit=ten,                 limit",
        "cursor=not-a-cursor!,      cursor",
        "cursor=bm90LWEtdGltZXxpZA, cursor",
    })
    void aPageParameterThatDoesNotReadIsABadRequestNamingIt(String query, String parameter) {
        aFilterThatDoesNotReadIsABadRequestNamingIt(query, parameter);
    }

    @Test
    void pagesFollowedByTheirLinkHeaderWalkEveryIncidentOnceNewestFirst() throws Exception {
        Random random = new Random(11);
        for (String host : new String[] {
            "PA-" + UUID.randomUUID().toString().substring(0, 6),
            "PB-" + UUID.randomUUID().toString().substring(0, 6)
        }) {
            send(windows(random, host, 15, 0.02));
            send(windows(random, host, 3, 0.9));
            awaitIncident(host, "OPEN");
        }
        List<String> all = given().header("Authorization", OPERATOR)
                .get("/v1/incidents?limit=1000")
                .then()
                .statusCode(200)
                .header("Link", nullValue())
                .extract()
                .jsonPath()
                .getList("id", String.class);
        assertThat(all).hasSizeGreaterThanOrEqualTo(2);

        List<String> walked = new ArrayList<>();
        List<Instant> onsets = new ArrayList<>();
        String next = "/v1/incidents?limit=1";
        int pages = 0;
        while (next != null) {
            var page = given().header("Authorization", OPERATOR)
                    .get(next)
                    .then()
                    .statusCode(200)
                    .extract();
            List<String> ids = page.jsonPath().getList("id", String.class);
            assertThat(ids).hasSizeLessThanOrEqualTo(1);
            walked.addAll(ids);
            page.jsonPath().getList("onset", String.class).forEach(onset -> onsets.add(Instant.parse(onset)));
            next = Paging.nextFrom(page.header("Link"));
            assertThat(++pages).as("pages walked").isLessThanOrEqualTo(all.size() + 1);
        }
        assertThat(walked)
                .as("every incident once, in the order of the unpaged list")
                .isEqualTo(all);
        assertThat(onsets).isSortedAccordingTo(Comparator.reverseOrder());
        // the filters travel with the link
        String link = given().header("Authorization", OPERATOR)
                .get("/v1/incidents?kind=HOST_OUTAGE&limit=1")
                .then()
                .statusCode(200)
                .extract()
                .header("Link");
        assertThat(Paging.nextFrom(link)).startsWith("/v1/incidents?kind=HOST_OUTAGE&limit=1&cursor=");
    }

    @Test
    void anIncidentIsFoundByItsFiltersAcknowledgedAndResolvedThroughHttp() throws Exception {
        String host = "HU-" + UUID.randomUUID().toString().substring(0, 6);
        Random random = new Random(5);
        send(windows(random, host, 15, 0.02));
        send(windows(random, host, 3, 0.9));
        String id = awaitIncident(host, "OPEN").get("id").asText();

        listed("status=OPEN").body("id", hasItem(id));
        listed("status=open&kind=host_outage").body("id", hasItem(id));
        listed("status=RESOLVED").body("id", not(hasItem(id)));
        listed("kind=NETWORK_OUTAGE").body("id", not(hasItem(id)));
        // an active incident is active at any later time
        listed("since=" + Instant.now().plus(Duration.ofDays(1))).body("id", hasItem(id));

        given().header("Authorization", OPERATOR)
                .post("/v1/incidents/" + id + "/ack")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("resolvedAt", equalTo(null));
        listed("status=ACKNOWLEDGED").body("id", hasItem(id));
        listed("status=OPEN").body("id", not(hasItem(id)));
        given().header("Authorization", OPERATOR)
                .get("/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));

        String resolvedAt = given().header("Authorization", OPERATOR)
                .post("/v1/incidents/" + id + "/resolve")
                .then()
                .statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("resolvedAt", notNullValue())
                .extract()
                .path("resolvedAt");
        listed("status=RESOLVED&kind=HOST_OUTAGE").body("id", hasItem(id));
        listed("status=ACKNOWLEDGED").body("id", not(hasItem(id)));
        Instant resolved = Instant.parse(resolvedAt);
        listed("since=" + resolved.minusSeconds(1)).body("id", hasItem(id));
        // resolved before since, and its onset too
        listed("since=" + resolved.plus(Duration.ofHours(1))).body("id", not(hasItem(id)));

        given().header("Authorization", OPERATOR)
                .post("/v1/incidents/" + id + "/ack")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no active incident " + id));
        given().header("Authorization", OPERATOR)
                .post("/v1/incidents/" + id + "/resolve")
                .then()
                .statusCode(404);
    }

    static ValidatableResponse listed(String query) {
        return given().header("Authorization", OPERATOR)
                .get("/v1/incidents?" + query)
                .then()
                .statusCode(200);
    }
}
