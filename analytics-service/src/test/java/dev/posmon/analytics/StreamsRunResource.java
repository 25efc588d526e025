package dev.posmon.analytics;

import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh Kafka Streams application id and state directory for each test run, whose group starts at the
 * current end of the event topics: a rerun never waits for the previous run's members to time out, and
 * the test reads only what it sends, not every event earlier runs (or a benchmark) left on the broker.
 */
public class StreamsRunResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String applicationId =
                "posmon-analytics-it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestResource.startGroupAtEnd(
                applicationId, List.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name()));
        try {
            return Map.of(
                    "quarkus.kafka-streams.application-id",
                    applicationId,
                    "posmon.analytics.state-dir",
                    Files.createTempDirectory("posmon-analytics-it").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // the temp directory is small and the OS cleans /tmp
    }
}
