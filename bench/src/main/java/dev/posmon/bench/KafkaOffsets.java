package dev.posmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Admin calls of the benchmark: partitions, end and committed offsets, and removing a run's group, internal topics and
 * state.
 */
final class KafkaOffsets {

    private KafkaOffsets() {}

    /**
     * Records of this run the group has committed on signon.attempts.v1 (committed minus start, per partition, up to
     * the run's end).
     */
    static long committed(Admin admin, String group, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        long processed = 0;
        for (Map.Entry<TopicPartition, Long> entry : from.entrySet()) {
            OffsetAndMetadata offset = offsets.get(entry.getKey());
            long committed = offset == null ? entry.getValue() : offset.offset();
            processed += Math.max(0, Math.min(committed, to.get(entry.getKey())) - entry.getValue());
        }
        return processed;
    }

    static void cleanUp(Admin admin, String applicationId, Path stateDir) {
        // Streams members do not leave the group on close; remove them so that the group can be deleted now.
        for (int attempt = 1; ; attempt++) {
            try {
                try {
                    admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions())
                            .all()
                            .get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // no members left
                }
                admin.deleteConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS);
                break;
            } catch (Exception e) {
                if (attempt == 10) {
                    System.out.println("could not delete group " + applicationId + ": " + e.getMessage());
                    break;
                }
                AnalyticsProcess.sleep(1000);
            }
        }
        try {
            Set<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .collect(Collectors.toSet());
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
            }
            System.out.printf("deleted group %s and its %d internal topics%n", applicationId, internal.size());
        } catch (Exception e) {
            System.out.println("could not delete the internal topics of " + applicationId + ": " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + stateDir + ": " + e.getMessage());
        }
    }

    static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        return offsets(admin, partitions, OffsetSpec.latest());
    }

    static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
