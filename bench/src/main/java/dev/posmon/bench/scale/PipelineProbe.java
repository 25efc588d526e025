package dev.posmon.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.bench.BenchKafka;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How far the pipeline is behind, read from outside it: analytics' consumer lag on the event topics (the
 * committed offsets of its application id against the ends), the newest closed cube window on
 * {@code signon.cube.v1} against now, and the newest window alerting judged
 * ({@code posmon_alerting_window_judged_end_seconds}) against now.
 */
final class PipelineProbe implements AutoCloseable {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final Set<String> EVENT_TOPICS =
            Set.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name());

    record Sample(Instant at, long lag, Duration cubeDelay, Duration judgingDelay) {}

    private final Admin admin;
    private final KafkaConsumer<String, String> cube;
    private final List<TopicPartition> cubePartitions;
    private final String group;
    private final URI alertingMetrics;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PipelineProbe(String bootstrap, String analyticsApplicationId, URI alerting) {
        this.admin = BenchKafka.admin(bootstrap);
        this.cube = new KafkaConsumer<>(
                BenchKafka.config(
                        bootstrap,
                        Map.of(
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed")),
                new StringDeserializer(),
                new StringDeserializer());
        this.cubePartitions = cube.partitionsFor(Topics.SIGNON_CUBE.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        cube.assign(cubePartitions);
        this.group = analyticsApplicationId;
        this.alertingMetrics = alerting.resolve("/q/metrics");
    }

    Sample sample() throws Exception {
        Instant now = Instant.now();
        Instant cubeEnd = newestCubeWindowEnd();
        Instant judged = judgedEnd();
        return new Sample(
                now,
                lag(),
                cubeEnd == null ? null : Duration.between(cubeEnd, now),
                judged == null ? null : Duration.between(judged, now));
    }

    /** Analytics' committed offsets on the event topics against their ends, summed. */
    long lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String topic : EVENT_TOPICS) {
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        long lag = 0;
        for (var end : admin.listOffsets(ends).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** The end of the newest window on the cube topic (the last record of each partition), or null when it is empty. */
    Instant newestCubeWindowEnd() throws Exception {
        Map<TopicPartition, Long> ends = cube.endOffsets(cubePartitions);
        Map<TopicPartition, Long> wanted = ends.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()));
        for (TopicPartition partition : cubePartitions) {
            // Several records back: the last offsets of a transactional topic are commit markers, not records.
            cube.seek(partition, Math.max(0, ends.get(partition) - 50));
        }
        Instant newest = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!wanted.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : cube.poll(Duration.ofMillis(500))) {
                if (record.value() != null) {
                    JsonNode cell = JSON.readTree(record.value());
                    Instant end = Instant.parse(cell.get("windowEnd").asText());
                    newest = newest == null || end.isAfter(newest) ? end : newest;
                }
            }
            wanted.keySet().removeIf(p -> cube.position(p) >= wanted.get(p) - 1);
        }
        return newest;
    }

    /** The end of the newest window alerting judged, or null before the first. */
    Instant judgedEnd() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(alertingMetrics)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith("posmon_alerting_window_judged_end_seconds")) {
                double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                return seconds > 0 ? Instant.ofEpochSecond((long) seconds) : null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        cube.close();
        admin.close();
    }
}
