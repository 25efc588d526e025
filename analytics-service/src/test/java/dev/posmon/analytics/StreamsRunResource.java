package dev.posmon.analytics;

import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A fresh Kafka Streams application id and state directory for each test run, whose group starts at the
 * current end of the event topics: a rerun never waits for the previous run's members to time out, and
 * the test reads only what it sends, not every event earlier runs (or a benchmark) left on the broker.
 */
public class StreamsRunResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String applicationId = "posmon-analytics-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name())) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(applicationId, ends).all().get(30, TimeUnit.SECONDS);
            return Map.of("quarkus.kafka-streams.application-id", applicationId,
                    "posmon.analytics.state-dir", Files.createTempDirectory("posmon-analytics-it").toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare a Kafka Streams run", e);
        }
    }

    @Override
    public void stop() {
        // the temp directory is small and the OS cleans /tmp
    }
}
