package dev.posmon.ingest.desk;

import static dev.posmon.ingest.IngestApi.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.desk.DeskCredential;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.IngestApi;
import dev.posmon.security.IssuedTokens;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Desk credentials through ingest's real API and the real broker: issued by the admin, recognised by posmon-security
 * as their role (ingest has no operation for operator or support, so a desk token is a 403 on an admin operation,
 * never a 401), refused 401 once revoked, stored and listed without the token.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DeskCredentialsIT {

    @Test
    void aSupportCredentialIsRecognisedUntilItIsRevoked() {
        String acquirer = IngestApi.newAcquirer();
        ExtractableResponse<Response> issued = issue("ACQ support desk", "support", List.of(acquirer))
                .then()
                .statusCode(201)
                .header("Location", containsString("/v1/credentials/desk-"))
                .body("role", equalTo("support"))
                .body("acquirers", equalTo(List.of(acquirer)))
                .body("createdAt", notNullValue())
                .body("token", startsWith(IssuedTokens.DESK_PREFIX))
                .extract();
        String id = issued.path("id");
        String token = "Bearer " + issued.path("token");

        // known, with a role ingest does not admit there: 403 naming the credential, not 401
        given().header("Authorization", token)
                .get("/v1/credentials")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString(id));
        given().header("Authorization", ADMIN)
                .get("/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("revokedAt", nullValue());

        String revokedAt = given().header("Authorization", ADMIN)
                .delete("/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("revokedAt", notNullValue())
                .extract()
                .path("revokedAt");
        given().header("Authorization", ADMIN)
                .delete("/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("revokedAt", equalTo(revokedAt));

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().header("Authorization", token)
                        .get("/v1/credentials")
                        .then()
                        .statusCode(401)
                        .header("WWW-Authenticate", containsString("Bearer"))
                        .body("detail", equalTo("credential " + id + " was revoked")));
    }

    @Test
    void aCredentialWrittenByAnotherReplicaIsFollowedFromTheTopic() throws Exception {
        String token = IssuedTokens.generate(IssuedTokens.DESK_PREFIX);
        DeskCredential elsewhere = new DeskCredential(
                "desk-" + UUID.randomUUID(),
                "issued by another replica",
                "operator",
                List.of(IngestApi.newAcquirer()),
                IssuedTokens.sha256(token),
                Instant.now(),
                null);
        given().header("Authorization", "Bearer " + token)
                .get("/v1/credentials")
                .then()
                .statusCode(401);

        try (KafkaProducer<String, DeskCredential> producer = new KafkaProducer<>(
                KafkaClientConfig.of(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers())),
                Topics.DESK_CREDENTIALS.keySerde().serializer(),
                Topics.DESK_CREDENTIALS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DESK_CREDENTIALS.name(), elsewhere.id(), elsewhere))
                    .get(30, TimeUnit.SECONDS);
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("Authorization", "Bearer " + token)
                        .get("/v1/credentials")
                        .then()
                        .statusCode(403)
                        .body("detail", containsString(elsewhere.id())));
        given().header("Authorization", ADMIN)
                .get("/v1/credentials/" + elsewhere.id())
                .then()
                .statusCode(200)
                .body("role", equalTo("operator"));
    }

    @Test
    void theTokenIsStoredOnlyAsItsHashAndNeverListed() {
        String acquirer = IngestApi.newAcquirer();
        String token;
        try (var topic = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.DESK_CREDENTIALS)) {
            token = issue("ops of " + acquirer, "operator", List.of(acquirer, acquirer))
                    .then()
                    .statusCode(201)
                    .body("acquirers", equalTo(List.of(acquirer)))
                    .extract()
                    .path("token");
            DeskCredential record = topic.await(
                            r -> r.value() != null && r.value().acquirers().contains(acquirer),
                            1,
                            Duration.ofSeconds(30))
                    .get(0)
                    .value();
            assertThat(record.keySha256()).isEqualTo(IssuedTokens.sha256(token));
            assertThat(record.toString()).doesNotContain(token);
        }
        String listing = given().header("Authorization", ADMIN)
                .get("/v1/credentials?limit=1000")
                .then()
                .statusCode(200)
                .body("find { it.acquirers.contains('" + acquirer + "') }.role", equalTo("operator"))
                .extract()
                .asString();
        assertThat(listing)
                .doesNotContain(token)
                .doesNotContain(IssuedTokens.sha256(token))
                .doesNotContain("keySha256")
                .doesNotContain("\"token\"");
    }

    @Test
    void aRequestThatMayNotBeIssuedIs400NamingTheField() {
        String acquirer = IngestApi.newAcquirer();
        refused(body(null, "support", List.of(acquirer)), "name");
        refused(body(" ", "support", List.of(acquirer)), "name");
        refused(body("x".repeat(101), "support", List.of(acquirer)), "name");
        refused(body("desk", "admin", List.of(acquirer)), "role");
        refused(body("desk", null, List.of(acquirer)), "role");
        refused(body("desk", "support", null), "acquirers");
        refused(body("desk", "support", List.of()), "acquirers");
        refused(body("desk", "support", List.of(" ")), "acquirers");
        refused(body("desk", "support", List.of("A".repeat(65))), "acquirers");
        refused(
                body(
                        "desk",
                        "support",
                        java.util.stream.IntStream.range(0, 101)
                                .mapToObj(i -> acquirer + "-" + i)
                                .toList()),
                "acquirers");
    }

    @Test
    void anUnknownCredentialIs404() {
        given().header("Authorization", ADMIN)
                .get("/v1/credentials/desk-unknown")
                .then()
                .statusCode(404);
        given().header("Authorization", ADMIN)
                .delete("/v1/credentials/desk-unknown")
                .then()
                .statusCode(404);
    }

    @Test
    void anIngestKeyMayNotIssueDeskCredentials() {
        String key = IngestApi.createSource(IngestApi.newAcquirer(), null);
        given().header("Authorization", key)
                .contentType(ContentType.JSON)
                .body(body("desk", "support", List.of("A")).toString())
                .post("/v1/credentials")
                .then()
                .statusCode(403);
    }

    private static void refused(ObjectNode body, String field) {
        given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body.toString())
                .post("/v1/credentials")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("field", equalTo(field))
                .body("detail", startsWith(field + ":"));
    }

    private static Response issue(String name, String role, List<String> acquirers) {
        return given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body(name, role, acquirers).toString())
                .post("/v1/credentials");
    }

    private static ObjectNode body(String name, String role, List<String> acquirers) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        if (role != null) {
            body.put("role", role);
        }
        if (acquirers != null) {
            acquirers.forEach(body.putArray("acquirers")::add);
        }
        return body;
    }
}
