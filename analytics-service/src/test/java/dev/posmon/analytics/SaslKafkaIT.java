package dev.posmon.analytics;

import static dev.posmon.analytics.TestEvents.attempt;
import static dev.posmon.analytics.TestEvents.registered;
import static dev.posmon.analytics.TestEvents.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.TopicBootstrap;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.PosmonScript;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * analytics against a broker whose only listener it is given authenticates with SASL/SCRAM-SHA-256: a broker of its
 * own started by {@code ./posmon kafka start} with {@code POSMON_KAFKA_SASL_PORT} (127.0.0.1:19394; its plaintext port
 * 19392 serves only this test's own producer and probe). Kafka Streams (its consumers, producers and admin) and the
 * topology's own admin take the security settings from {@code kafka.*}, as they would from a production listener.
 */
@QuarkusTest
@TestProfile(SaslKafkaIT.SaslBroker.class)
class SaslKafkaIT {

    static final String PLAINTEXT = "127.0.0.1:19392";
    static final String SASL = "127.0.0.1:19394";
    static final Map<String, String> BROKER_ENV = Map.of(
            "POSMON_HOME",
                    PosmonScript.root()
                            .resolve("analytics-service/target/sasl-broker")
                            .toString(),
            "POSMON_KAFKA_PORT", "19392",
            "POSMON_KAFKA_CONTROLLER_PORT", "19393",
            "POSMON_KAFKA_SASL_PORT", "19394",
            "POSMON_KAFKA_SASL_PASSWORD", "sasl-it-secret");

    public static class SaslBroker implements QuarkusTestProfile {
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
                TopicBootstrap.createMissing(PLAINTEXT);
                return Map.of(
                        "kafka.bootstrap.servers",
                        SASL,
                        "kafka.security.protocol",
                        "SASL_PLAINTEXT",
                        "kafka.sasl.mechanism",
                        "SCRAM-SHA-256",
                        "kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"posmon\" password=\"sasl-it-secret\";",
                        "quarkus.kafka-streams.application-id",
                        "posmon-analytics-sasl-" + UUID.randomUUID().toString().substring(0, 8),
                        "posmon.analytics.state-dir",
                        Files.createTempDirectory("posmon-analytics-sasl").toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            PosmonScript.run(BROKER_ENV, "kafka", "stop");
        }
    }

    @Test
    void kafkaStreamsClassifiesThroughTheSaslListener() throws Exception {
        String terminal = "SX-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (TopicProbe<String, ?> classified = TopicProbe.fromNow(PLAINTEXT, Topics.SIGNON_CLASSIFIED)) {
            send(PLAINTEXT, Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
            SignOnAttempt failure = attempt(terminal, now.minus(Duration.ofMinutes(1)), Outcome.FAILURE, "96");
            send(PLAINTEXT, Topics.SIGNON_ATTEMPTS, terminal, failure);
            assertThat(classified.await(r -> r.key().equals(terminal), 1, Duration.ofSeconds(90)))
                    .hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().header("Authorization", "Bearer test-admin-token")
                        .get("/v1/terminals/" + terminal + "/diagnosis")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("FAILING"))
                        .body("currentCause", equalTo("HOST_UNAVAILABLE")));
    }
}
