package dev.posmon.testing;

import dev.posmon.contract.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what a test caused on a topic: opened before the action, it starts at the topic's end offsets,
 * so it sees only records written after it was opened. A plain consumer without a group.
 */
public final class TopicProbe<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

    private TopicProbe(String bootstrap, Topic<K, V> topic, boolean fromBeginning) {
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        this.partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }
    }

    /** A probe that sees only what is written from now on. */
    public static <K, V> TopicProbe<K, V> fromNow(String bootstrap, Topic<K, V> topic) {
        return new TopicProbe<>(bootstrap, topic, false);
    }

    /** A probe that reads the topic from its beginning. */
    public static <K, V> TopicProbe<K, V> fromBeginning(String bootstrap, Topic<K, V> topic) {
        return new TopicProbe<>(bootstrap, topic, true);
    }

    /** Polls until {@code count} records matching the filter were seen (or the timeout passed), and returns those. */
    public List<ConsumerRecord<K, V>> await(Predicate<ConsumerRecord<K, V>> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(filter).size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return matching(filter);
    }

    /** Polls until this probe has read up to the topic's current end, and returns every record it has seen. */
    public List<ConsumerRecord<K, V>> drain(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    private List<ConsumerRecord<K, V>> matching(Predicate<ConsumerRecord<K, V>> filter) {
        return seen.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
