package dev.posmon.ingest.kafka;

import static dev.posmon.ingest.IngestApi.batch;
import static dev.posmon.ingest.IngestApi.post;
import static dev.posmon.ingest.IngestApi.signOn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.topic.TopicBootstrap;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.IngestApi;
import dev.posmon.testing.PosmonScript;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * ingest against a broker whose only listener it is given authenticates with SASL/SCRAM-SHA-256, as a production
 * listener would: a broker of its own started by {@code ./posmon kafka start} with {@code POSMON_KAFKA_SASL_PORT}
 * (127.0.0.1:19294; its plaintext port 19292 serves only this test's own checks). The credentials API (producer and
 * the sources view), the registry (producer and view), readiness (admin) and events (producer) all work through it.
 */
@QuarkusTest
@TestProfile(SaslKafkaIT.SaslBroker.class)
class SaslKafkaIT {

    static final String PLAINTEXT = "127.0.0.1:19292";
    static final String SASL = "127.0.0.1:19294";
    static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"posmon\" password=\"%s\";";
    static final Map<String, String> BROKER_ENV = Map.of(
            "POSMON_HOME",
                    PosmonScript.root()
                            .resolve("ingest-service/target/sasl-broker")
                            .toString(),
            "POSMON_KAFKA_PORT", "19292",
            "POSMON_KAFKA_CONTROLLER_PORT", "19293",
            "POSMON_KAFKA_SASL_PORT", "19294",
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
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "kafka.bootstrap.servers",
                    SASL,
                    "kafka.security.protocol",
                    "SASL_PLAINTEXT",
                    "kafka.sasl.mechanism",
                    "SCRAM-SHA-256",
                    "kafka.sasl.jaas.config",
                    JAAS.formatted("sasl-it-secret"));
        }

        @Override
        public void stop() {
            PosmonScript.run(BROKER_ENV, "kafka", "stop");
        }
    }

    @Test
    void everyKafkaClientOfIngestWorksThroughTheSaslListener() {
        given().get("/q/health/ready").then().statusCode(200);
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, null);
        String terminal = IngestApi.register(acquirer);
        ObjectNode attempt = signOn(terminal);
        try (TopicProbe<String, ?> attempts = TopicProbe.fromNow(PLAINTEXT, Topics.SIGNON_ATTEMPTS)) {
            post(key, batch(attempt)).statusCode(200);
            assertThat(attempts.await(r -> r.key().equals(terminal), 1, Duration.ofSeconds(30)))
                    .hasSize(1);
        }
    }

    @Test
    void theListenerRefusesAClientWithoutTheCredential() {
        try (Admin admin = Admin.create(withTimeouts(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SASL,
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "SCRAM-SHA-256",
                "sasl.jaas.config",
                JAAS.formatted("wrong"))))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return config;
    }
}
