package dev.posmon.ingest.auth;

import static dev.posmon.ingest.IngestApi.ADMIN;
import static dev.posmon.ingest.IngestApi.batch;
import static dev.posmon.ingest.IngestApi.post;
import static dev.posmon.ingest.IngestApi.signOn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.posmon.ingest.IngestApi;
import dev.posmon.security.ConfiguredTokenResolver;
import dev.posmon.security.Roles;
import dev.posmon.testing.AccessWalk;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Who may post what, and the limits: 401, 403, 413, 415, 429 and 400, each answered with a reason. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AccessIT {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ConfiguredTokenResolver peer;

    @Test
    void everyOperationRefusesWhomItDoesNotAdmitAndTheSchemasArePublic() throws Exception {
        String source = IngestApi.createSource(IngestApi.newAcquirer(), null).substring("Bearer ".length());
        AccessWalk walk = new AccessWalk(base.toURI());
        assertThat(walk.operations())
                .extracting(op -> op.method() + " " + op.path())
                .contains(
                        "POST /v1/events",
                        "POST /v1/terminals:import",
                        "POST /v1/sources",
                        "POST /v1/credentials",
                        "DELETE /v1/credentials/{id}",
                        "GET /v1/schemas/{file}");
        assertThat(walk.violations(
                        Map.of(
                                Roles.ADMIN,
                                "test-admin-token",
                                Roles.OPERATOR,
                                "test-operator-token",
                                Roles.SUPPORT,
                                "test-support-token",
                                Roles.SOURCE,
                                source,
                                Roles.PEER,
                                peer.peerToken().orElseThrow()),
                        Set.of("/v1/schemas/")))
                .isEmpty();
        String acquirer = IngestApi.newAcquirer();
        assertThat(walk.violations(
                        Map.of(
                                Roles.OPERATOR,
                                IngestApi.createDeskCredential(Roles.OPERATOR, acquirer),
                                Roles.SUPPORT,
                                IngestApi.createDeskCredential(Roles.SUPPORT, acquirer)),
                        Set.of("/v1/schemas/")))
                .as("desk credentials bound to an acquirer are refused the same way")
                .isEmpty();
        given().get("/v1/schemas/event-batch.schema.json").then().statusCode(200);
    }

    @Test
    void missingTokenIs401WithChallenge() {
        given().contentType(ContentType.JSON)
                .body("[]")
                .post("/v1/events")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("Authorization"));
    }

    @Test
    void unknownTokenIs401() {
        post("Bearer pmk_not-a-key", "[]").statusCode(401).body("detail", equalTo("unknown bearer token"));
    }

    @Test
    void revokedCredentialIs401() {
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, null);
        String terminal = IngestApi.register(acquirer);
        post(key, batch(signOn(terminal))).statusCode(200);

        String id = given().header("Authorization", ADMIN)
                .get("/v1/sources?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.acquirer == '" + acquirer + "' }.id");
        given().header("Authorization", ADMIN)
                .delete("/v1/sources/" + id)
                .then()
                .statusCode(200)
                .body("revokedAt", notNullValue());

        post(key, batch(signOn(terminal))).statusCode(401).body("detail", containsString("revoked"));
    }

    @Test
    void theApiKeyIsStoredOnlyAsItsHash() {
        String acquirer = IngestApi.newAcquirer();
        try (var sources = dev.posmon.testing.TopicProbe.fromNow(
                KafkaTestResource.bootstrapServers(), dev.posmon.contract.topic.Topics.INGEST_SOURCES)) {
            String key = IngestApi.createSource(acquirer, null).substring("Bearer ".length());
            var record = sources.await(r -> r.value().acquirer().equals(acquirer), 1, Duration.ofSeconds(30))
                    .get(0)
                    .value();
            Assertions.assertThat(record.keySha256()).isEqualTo(dev.posmon.security.IssuedTokens.sha256(key));
            Assertions.assertThat(record.toString()).doesNotContain(key);
        }
        given().header("Authorization", ADMIN)
                .get("/v1/sources?limit=1000")
                .then()
                .statusCode(200)
                .body("find { it.acquirer == '" + acquirer + "' }.apiKey", Matchers.nullValue())
                .body("find { it.acquirer == '" + acquirer + "' }.keySha256", Matchers.nullValue());
    }

    @Test
    void credentialsArePagedOldestFirstByTheLinkHeader() {
        List<String> mine = new ArrayList<>();
        String prefix = IngestApi.newAcquirer();
        for (int i = 0; i < 3; i++) {
            IngestApi.createSource(prefix + "-" + i, null);
        }
        List<String> all = given().header("Authorization", ADMIN)
                .get("/v1/sources?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
        List<String> walked = new ArrayList<>();
        String next = "/v1/sources?limit=2";
        while (next != null) {
            var page = given().header("Authorization", ADMIN)
                    .get(next)
                    .then()
                    .statusCode(200)
                    .extract();
            List<String> ids = page.jsonPath().getList("id", String.class);
            Assertions.assertThat(ids).hasSizeLessThanOrEqualTo(2);
            walked.addAll(ids);
            page.jsonPath().getList("acquirer", String.class).stream()
                    .filter(a -> a.startsWith(prefix))
                    .forEach(mine::add);
            next = dev.posmon.contract.api.Paging.nextFrom(page.header("Link"));
            Assertions.assertThat(walked.size()).as("items walked").isLessThanOrEqualTo(all.size());
        }
        Assertions.assertThat(walked)
                .as("every credential once, in the order of the unpaged list")
                .isEqualTo(all);
        Assertions.assertThat(mine).containsExactlyInAnyOrder(prefix + "-0", prefix + "-1", prefix + "-2");
        given().header("Authorization", ADMIN)
                .get("/v1/sources?limit=0")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
        given().header("Authorization", ADMIN)
                .get("/v1/sources?cursor=zz")
                .then()
                .statusCode(400)
                .body("field", equalTo("cursor"));
    }

    @Test
    void credentialOnAnAdminEndpointIs403() {
        String key = IngestApi.createSource(IngestApi.newAcquirer(), null);
        given().header("Authorization", key)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"acquirer\":\"y\"}")
                .post("/v1/sources")
                .then()
                .statusCode(403);
        given().header("Authorization", key).get("/v1/sources").then().statusCode(403);
    }

    @Test
    void eventsForAnotherAcquirersTerminalsAre403AndRejectedPerEvent() {
        String mine = IngestApi.newAcquirer();
        String key = IngestApi.createSource(mine, null);
        String own = IngestApi.register(mine);
        String foreign = IngestApi.register(IngestApi.newAcquirer());

        post(key, batch(signOn(foreign)))
                .statusCode(403)
                .body("results[0].reason", equalTo("FOREIGN_ACQUIRER"))
                .body("results[0].errors[0].field", equalTo("terminalId"));
        post(key, batch(signOn(own), signOn(foreign)))
                .statusCode(207)
                .body("results[0].status", equalTo("ACCEPTED"))
                .body("results[1].reason", equalTo("FOREIGN_ACQUIRER"));
    }

    @Test
    void aCredentialCannotTakeOverAnotherAcquirersTerminal() {
        String theirs = IngestApi.register(IngestApi.newAcquirer());
        String mine = IngestApi.newAcquirer();
        String key = IngestApi.createSource(mine, null);
        given().header("Authorization", key)
                .contentType(ContentType.JSON)
                .body(IngestApi.terminal(theirs, mine).toString())
                .put("/v1/terminals/" + theirs)
                .then()
                .statusCode(403);
        given().header("Authorization", key)
                .get("/v1/terminals/" + theirs)
                .then()
                .statusCode(403);
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String key = IngestApi.createSource(IngestApi.newAcquirer(), null);
        String big = "[" + "\"x\",".repeat(300_000) + "\"x\"]";
        post(key, big).statusCode(413);
    }

    @Test
    void moreThanMaxEventsIs413() {
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, null);
        String terminal = IngestApi.register(acquirer);
        ArrayNode batch = batch();
        for (int i = 0; i < 1001; i++) {
            batch.add(signOn(terminal));
        }
        post(key, batch).statusCode(413).body("detail", containsString("at most 1000"));
    }

    @Test
    void overTheRateLimitIs429WithRetryAfter() {
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, 5);
        String terminal = IngestApi.register(acquirer);
        ArrayNode ten = batch();
        for (int i = 0; i < 10; i++) {
            ten.add(signOn(terminal));
        }
        post(key, ten).statusCode(200);
        post(key, ten)
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("detail", containsString("5 events/s"));
    }

    @Test
    void wrongContentTypeIs415() {
        String key = IngestApi.createSource(IngestApi.newAcquirer(), null);
        given().header("Authorization", key)
                .contentType("text/plain")
                .body("[]")
                .post("/v1/events")
                .then()
                .statusCode(415);
    }

    @Test
    void aBodyThatIsNotAJsonArrayIs400() {
        String key = IngestApi.createSource(IngestApi.newAcquirer(), null);
        post(key, "{\"type\":\"signon\"}").statusCode(400).body("detail", containsString("array"));
        post(key, "[{\"type\":").statusCode(400).body("detail", containsString("not valid JSON"));
    }
}
