package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two analytics instances share the work (same application id): whichever instance is asked, the diagnosis
 * of a terminal is answered from the state of the instance that owns its partition — the same answer from
 * both, and both instances own some terminals.
 */
@ExtendWith(SystemBroker.class)
class DiagnosisScaleOutIT {

    static final int TERMINALS = 24;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "posmon-analytics-it-" + run;
    private final String adminToken = UUID.randomUUID().toString();
    private final Path stateA = ServiceProcess.targetDir().resolve("analytics-state-" + run + "-a");
    private final Path stateB = ServiceProcess.targetDir().resolve("analytics-state-" + run + "-b");
    private final HttpClient http = HttpClient.newHttpClient();
    private ServiceProcess a;
    private ServiceProcess b;

    @AfterEach
    void stop() {
        ServiceProcess.closeAll(a, b);
        SystemBroker.deleteInternalTopics(applicationId);
        SystemBroker.deleteRecursively(stateA);
        SystemBroker.deleteRecursively(stateB);
    }

    @Test
    void eitherInstanceAnswersForEveryTerminalFromItsOwner() throws Exception {
        String bootstrap = SystemBroker.bootstrap();
        List<TerminalRecord> fleet = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            fleet.add(SignOns.terminal("S" + run + "-" + i, "440305", "ITS-" + run, "ACQ-S-" + run));
        }
        try (KafkaProducer<String, TerminalRecord> registry = producer(bootstrap, Topics.TERMINAL_REGISTRY)) {
            for (TerminalRecord terminal : fleet) {
                registry.send(new ProducerRecord<>(Topics.TERMINAL_REGISTRY.name(), terminal.terminalId(), terminal))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        a = ServiceProcess.startAnalytics(run, bootstrap, adminToken, applicationId, stateA, Duration.ofSeconds(30))
                .awaitStreamsRunning();
        b = ServiceProcess.startAnalytics(run, bootstrap, adminToken, applicationId, stateB, Duration.ofSeconds(30))
                .awaitStreamsRunning();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(status(a, "/q/health/ready")).isEqualTo(200);
            assertThat(status(b, "/q/health/ready")).isEqualTo(200);
        });

        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
        try (KafkaProducer<String, SignOnAttempt> attempts = producer(bootstrap, Topics.SIGNON_ATTEMPTS)) {
            for (TerminalRecord terminal : fleet) {
                SignOnAttempt failure =
                        SignOns.attempt(terminal.terminalId(), at, SignOns.Kind.HOST_96, "CMCC", "FW-7.4");
                attempts.send(new ProducerRecord<>(Topics.SIGNON_ATTEMPTS.name(), terminal.terminalId(), failure))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        Set<String> owners = new HashSet<>();
        for (TerminalRecord terminal : fleet) {
            String path = "/v1/terminals/" + terminal.terminalId() + "/diagnosis";
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        JsonNode fromA = diagnosis(a, path);
                        JsonNode fromB = diagnosis(b, path);
                        assertThat(fromA.get("currentCause").asText()).isEqualTo("HOST_UNAVAILABLE");
                        assertThat(fromA.get("status").asText()).isEqualTo("FAILING");
                        assertThat(fromB.get("answeredBy")).isEqualTo(fromA.get("answeredBy"));
                        assertThat(fromB.get("recentAttempts")).isEqualTo(fromA.get("recentAttempts"));
                    });
            owners.add(diagnosis(a, path).get("answeredBy").asText());
        }
        assertThat(owners)
                .as("both instances own some of the %d terminals", TERMINALS)
                .containsExactlyInAnyOrder(
                        "127.0.0.1:" + a.uri("/").getPort(),
                        "127.0.0.1:" + b.uri("/").getPort());
    }

    private JsonNode diagnosis(ServiceProcess instance, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(instance.uri(path))
                        .header("Authorization", "Bearer " + adminToken)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ContractJson.mapper().readTree(response.body());
    }

    private int status(ServiceProcess instance, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(instance.uri(path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static <V> KafkaProducer<String, V> producer(
            String bootstrap, dev.posmon.contract.topic.Topic<String, V> topic) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }
}
