package dev.posmon.contract.kafka;

import dev.posmon.contract.topic.Topic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * The latest value per key of a compacted topic, held in memory (a map of the values) and kept current by a
 * {@link CompactedTopicReader}. A null value (tombstone) removes the key. For small topics (credentials):
 * ingest's registry, a fleet's worth of records, is held compactly instead ({@code CompactRegistryView}).
 */
public final class CompactedTopicView<V> implements AutoCloseable {

    private final BiConsumer<V, V> onChange;
    private final ConcurrentMap<String, V> values = new ConcurrentHashMap<>();
    private final CompactedTopicReader<V> reader;

    /**
     * @param onChange called with (previous, current) for every applied record, on the reader thread;
     *                 either may be null
     */
    public CompactedTopicView(Topic<String, V> topic, Map<String, Object> kafkaConfig, BiConsumer<V, V> onChange) {
        this.onChange = onChange;
        this.reader = new CompactedTopicReader<>(topic, kafkaConfig, this::apply);
    }

    public CompactedTopicView<V> start() {
        reader.start();
        return this;
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public List<V> values() {
        return List.copyOf(values.values());
    }

    public int size() {
        return values.size();
    }

    /** True once everything that was in the topic when the view started has been read. */
    public boolean caughtUp() {
        return reader.caughtUp();
    }

    /** Applies a value this replica has just written and Kafka acknowledged, so its own reads see it at once. */
    public void applyLocal(String key, V value) {
        apply(key, value);
    }

    private void apply(String key, V value) {
        V previous = value == null ? values.remove(key) : values.put(key, value);
        onChange.accept(previous, value);
    }

    @Override
    public void close() {
        reader.close();
    }
}
