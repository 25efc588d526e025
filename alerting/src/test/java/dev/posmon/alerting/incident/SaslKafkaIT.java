package dev.posmon.alerting.incident;

import static dev.posmon.alerting.incident.AlertingIT.ADMIN;
import static dev.posmon.alerting.incident.AlertingIT.awaitIncident;
import static dev.posmon.alerting.incident.AlertingIT.send;
import static dev.posmon.alerting.incident.AlertingIT.windows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.topic.TopicBootstrap;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.PosmonScript;
import dev.posmon.testing.PostgresTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * alerting against a broker whose only listener it is given authenticates with SASL/SCRAM-SHA-256: a broker of its own
 * started by {@code ./posmon kafka start} with {@code POSMON_KAFKA_SASL_PORT} (127.0.0.1:19494; its plaintext port
 * 19492 serves only this test's own producer and probe). The cube consumer judges windows into an incident, and the
 * maintenance producer publishes a window, both through it.
 */
@QuarkusTest
@TestProfile(SaslKafkaIT.SaslBroker.class)
class SaslKafkaIT {

    static final String PLAINTEXT = "127.0.0.1:19492";
    static final Map<String, String> BROKER_ENV = Map.of(
            "POSMON_HOME",
                    PosmonScript.root().resolve("alerting/target/sasl-broker").toString(),
            "POSMON_KAFKA_PORT", "19492",
            "POSMON_KAFKA_CONTROLLER_PORT", "19493",
            "POSMON_KAFKA_SASL_PORT", "19494",
            "POSMON_KAFKA_SASL_PASSWORD", "sasl-it-secret");

    public static class SaslBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(PostgresTestResource.class), new TestResourceEntry(BrokerResource.class));
        }
    }

    public static class BrokerResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            AlertingRunResource.forgetPipelineState();
            PosmonScript.run(BROKER_ENV, "kafka", "start");
            try {
                TopicBootstrap.createMissing(PLAINTEXT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "kafka.bootstrap.servers",
                    "127.0.0.1:19494",
                    "kafka.security.protocol",
                    "SASL_PLAINTEXT",
                    "kafka.sasl.mechanism",
                    "SCRAM-SHA-256",
                    "kafka.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"posmon\" password=\"sasl-it-secret\";",
                    "posmon.alerting.group-id",
                    "posmon-alerting-sasl-" + UUID.randomUUID().toString().substring(0, 8),
                    "posmon.alerting.window-settle",
                    "PT1S");
        }

        @Override
        public void stop() {
            PosmonScript.run(BROKER_ENV, "kafka", "stop");
        }
    }

    @Test
    void cubeWindowsAreJudgedAndMaintenancePublishedThroughTheSaslListener() throws Exception {
        String host = "HS-" + UUID.randomUUID().toString().substring(0, 6);
        Random random = new Random(3);
        send(PLAINTEXT, windows(random, host, 15, 0.02));
        send(PLAINTEXT, windows(random, host, 3, 0.9));
        assertThat(awaitIncident(host, "OPEN").get("kind").asText()).isEqualTo("HOST_OUTAGE");

        try (var published = TopicProbe.fromNow(PLAINTEXT, Topics.HOST_MAINTENANCE)) {
            String window = given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(Map.of(
                            "hostId",
                            host,
                            "start",
                            Instant.now().plus(Duration.ofHours(1)).toString(),
                            "end",
                            Instant.now().plus(Duration.ofHours(2)).toString(),
                            "reason",
                            "sasl"))
                    .post("/v1/maintenance-windows")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            assertThat(published.await(r -> r.key().equals(window), 1, Duration.ofSeconds(30)))
                    .hasSize(1);
        }
    }
}
