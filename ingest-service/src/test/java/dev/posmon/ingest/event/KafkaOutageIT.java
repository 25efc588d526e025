package dev.posmon.ingest.event;

import static dev.posmon.ingest.IngestApi.batch;
import static dev.posmon.ingest.IngestApi.post;
import static dev.posmon.ingest.IngestApi.signOn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.posmon.contract.topic.TopicBootstrap;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.IngestApi;
import dev.posmon.testing.PosmonScript;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away under a running ingest: the answer is 503 with Retry-After and nothing of the batch
 * is reported accepted; once the broker is back, the same batch is accepted and lands. This test owns a
 * second real broker (127.0.0.1:19092, started and stopped through ./posmon) so stopping it harms no other test.
 */
@QuarkusTest
@TestProfile(KafkaOutageIT.OwnBroker.class)
class KafkaOutageIT {

    static final String BOOTSTRAP = "127.0.0.1:19092";
    static final Map<String, String> BROKER_ENV = Map.of(
            "POSMON_HOME",
                    PosmonScript.root()
                            .resolve("ingest-service/target/outage-broker")
                            .toString(),
            "POSMON_KAFKA_PORT", "19092",
            "POSMON_KAFKA_CONTROLLER_PORT", "19093");

    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("posmon.ingest.send-timeout", "PT4S", "posmon.ingest.retry-after-seconds", "3");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerResource.class));
        }
    }

    public static class BrokerResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            PosmonScript.run(BROKER_ENV, "kafka", "start");
            try {
                TopicBootstrap.createMissing(BOOTSTRAP);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("kafka.bootstrap.servers", BOOTSTRAP);
        }

        @Override
        public void stop() {
            PosmonScript.run(BROKER_ENV, "kafka", "stop");
        }
    }

    @Test
    void brokerDownIs503WithNothingAcceptedAndTheSameBatchLandsAfterRestart() {
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, null);
        String terminal = IngestApi.register(acquirer);
        post(key, batch(signOn(terminal))).statusCode(200);

        String late = "T-LATE-" + UUID.randomUUID().toString().substring(0, 8);
        ArrayNode retried = batch(signOn(terminal), signOn(terminal), IngestApi.telemetry(terminal));
        PosmonScript.run(BROKER_ENV, "kafka", "stop");
        try {
            post(key, retried)
                    .statusCode(503)
                    .header("Retry-After", equalTo("3"))
                    .body("detail", containsString("nothing of this batch was accepted"))
                    .body("results", nullValue());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));

            // the other writes are refused the same way: a registry upsert, a new credential
            given().header("Authorization", IngestApi.ADMIN)
                    .contentType(ContentType.JSON)
                    .body(IngestApi.terminal(late, acquirer).toString())
                    .put("/v1/terminals/" + late)
                    .then()
                    .statusCode(503)
                    .header("Retry-After", equalTo("3"))
                    .body("detail", containsString("nothing was written"));
            given().header("Authorization", IngestApi.ADMIN)
                    .contentType(ContentType.JSON)
                    .body("{\"name\":\"gateway\",\"acquirer\":\"" + acquirer + "\"}")
                    .post("/v1/sources")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", equalTo("3"))
                    .body("apiKey", nullValue());
        } finally {
            PosmonScript.run(BROKER_ENV, "kafka", "start");
        }

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> post(key, retried).statusCode(200).body("accepted", equalTo(3)));
        given().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", IngestApi.ADMIN)
                .contentType(ContentType.JSON)
                .body(IngestApi.terminal(late, acquirer).toString())
                .put("/v1/terminals/" + late)
                .then()
                .statusCode(200);
        // the refused batch was timed under its own status
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("posmon_ingest_request_seconds_count{status=\"503\"}"));

        Set<String> ids = StreamSupport.stream(retried.spliterator(), false)
                .filter(event -> event.get("type").asText().equals("signon"))
                .map(event -> event.get("eventId").asText())
                .collect(Collectors.toSet());
        try (var attempts = TopicProbe.fromBeginning(BOOTSTRAP, Topics.SIGNON_ATTEMPTS)) {
            Set<String> landed =
                    attempts
                            .await(r -> ids.contains(r.value().eventId().toString()), 2, Duration.ofSeconds(30))
                            .stream()
                            .map(r -> r.value().eventId().toString())
                            .collect(Collectors.toSet());
            assertThat(landed).isEqualTo(ids);
        }
    }
}
