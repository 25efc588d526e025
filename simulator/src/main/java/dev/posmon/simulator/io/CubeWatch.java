package dev.posmon.simulator.io;

import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code signon.cube.v1} from where it ends when created (no consumer group, read_committed): the
 * fleet's sign-on health per closed window as analytics counted it, and how far in event time the pipeline
 * has closed windows. Not thread-safe: one thread polls.
 */
public final class CubeWatch implements AutoCloseable {

    /** One closed window summed over its cells. */
    public record WindowHealth(Instant windowStart, long attempts, long failures, long failingTerminals) {
        public double successRatio() {
            return attempts == 0 ? 1.0 : 1.0 - (double) failures / attempts;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final TreeMap<Instant, long[]> windows = new TreeMap<>();
    private Instant latestWindowEnd;

    public CubeWatch(String bootstrap) {
        consumer = new KafkaConsumer<>(
                KafkaClientConfig.of(
                        KafkaClientConfig.fromEnvironment(bootstrap),
                        Map.of(
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false)),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(Topics.SIGNON_CUBE.name(), Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Reads what arrived (waiting at most {@code wait}). */
    public void poll(Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            CubeCell cell = Topics.SIGNON_CUBE.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (cell == null) {
                continue;
            }
            long[] sums = windows.computeIfAbsent(cell.windowStart(), w -> new long[3]);
            sums[0] += cell.attempts();
            sums[1] += cell.failures();
            sums[2] += cell.failingTerminals();
            if (latestWindowEnd == null || cell.windowEnd().isAfter(latestWindowEnd)) {
                latestWindowEnd = cell.windowEnd();
            }
            while (windows.size() > 24 * 60) {
                windows.pollFirstEntry();
            }
        }
    }

    /** The end of the latest window the cube has emitted, or null before the first. */
    public Instant latestWindowEnd() {
        return latestWindowEnd;
    }

    /**
     * The latest window that is complete: two before the latest seen (analytics' merge emits a window once every
     * partition closed it, but its cells reach the topic's partitions at slightly different moments), or null.
     */
    public WindowHealth latestComplete() {
        if (windows.size() < 3) {
            return null;
        }
        Map.Entry<Instant, long[]> entry = windows.lowerEntry(windows.lowerKey(windows.lastKey()));
        return new WindowHealth(entry.getKey(), entry.getValue()[0], entry.getValue()[1], entry.getValue()[2]);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
