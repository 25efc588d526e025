package dev.posmon.contract.kafka;

import dev.posmon.contract.topic.Topic;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a compacted topic from the beginning and hands every record to a sink, then keeps reading: a
 * consumer without a group that reads every partition, so every replica holds the whole view, any replica
 * can answer and none keeps state another cannot rebuild. A record that does not deserialize is logged and
 * skipped, never fatal; a null value (tombstone) is handed on as null. The sink decides how the view is held
 * ({@link CompactedTopicView}: a map of values; ingest's registry: a compact table). Plain Kafka, no framework, so
 * that any service (and posmon-security's credential view) can follow a compacted topic; it logs through
 * {@link System.Logger}, which Quarkus routes to its own log.
 */
public final class CompactedTopicReader<V> implements AutoCloseable {

    private static final Logger LOG = System.getLogger(CompactedTopicReader.class.getName());

    private final Topic<String, V> topic;
    private final Map<String, Object> consumerConfig;
    private final BiConsumer<String, V> sink;
    private long applied;
    private volatile boolean caughtUp;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    /** @param sink called with (key, value or null) for every record read, on the reader thread */
    public CompactedTopicReader(Topic<String, V> topic, Map<String, Object> kafkaConfig, BiConsumer<String, V> sink) {
        this.topic = topic;
        this.sink = sink;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "posmon-view-" + topic.name());
        this.consumerConfig = KafkaClientConfig.of(kafkaConfig, config);
        this.thread = new Thread(this::run, "view-" + topic.name());
        this.thread.setDaemon(true);
    }

    public CompactedTopicReader<V> start() {
        thread.start();
        return this;
    }

    /** True once everything that was in the topic when the view started has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (!closed) {
            try (KafkaConsumer<String, byte[]> kafka =
                    new KafkaConsumer<>(consumerConfig, topic.keySerde().deserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                List<TopicPartition> partitions = kafka.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, Duration.ofSeconds(30));
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    if (!caughtUp
                            && ends.entrySet().stream()
                                    .allMatch(end -> kafka.position(end.getKey()) >= end.getValue())) {
                        caughtUp = true;
                        LOG.log(
                                Level.INFO,
                                "view of {0} caught up: {1} records read",
                                topic.name(),
                                String.valueOf(applied));
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "view of {0} failed ({1}); reconnecting", topic.name(), e.toString());
                    pause();
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "skipping unreadable record {0}-{1}@{2}: {3}",
                    record.topic(),
                    String.valueOf(record.partition()),
                    String.valueOf(record.offset()),
                    e.getMessage());
            return;
        }
        sink.accept(record.key(), value);
        applied++;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
