package dev.posmon.analytics.aggregate;

import dev.posmon.analytics.registry.CompactKeyValueStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The first cube stage's store: an in-memory key-value store with its changelog (a hash table,
 * {@link CompactKeyValueStore}: Kafka Streams' own in-memory store is a sorted tree whose keys here share a 40-byte
 * prefix, so every lookup compared long equal prefixes, 5 % of analytics' CPU), in front of which the entries changed
 * since the last commit are kept as they were put, a cell's counts as the {@link CellCounts} object itself. They are
 * written to the store (and so to the changelog) when Kafka Streams commits the task, before the transaction commits,
 * in the same call in which it flushes its own record caches ({@link CachedStateStore#flushCache()}); so an attempt
 * costs a hash-map put, and a cell is encoded once per commit however many attempts it counted in between.
 * <p>
 * What this gives up against Kafka Streams' record cache: nothing of exactly-once. The changelog holds, at every commit,
 * exactly what the store held, as with the cache; a task closed dirty or revived loses the uncommitted entries, as the
 * cache does ({@link #clearCache}, {@link #init}). A range first writes the changed entries back, so that it reads the
 * store as the stage left it. The record cache's size bound is not needed: the entries changed in one commit interval
 * are at most the open cells and the terminals that failed or recovered in it.
 * <p>
 * Kafka Streams asks {@code CachedStateStore} of the store that registered itself, which is this one (the inner store
 * registers its {@code root}); it hands this store to the processor as it is, since it is not a {@link KeyValueStore}.
 */
public final class WriteBackStore implements StateStore, CubeStore, CachedStateStore<String, byte[]> {

    private static final Object DELETED = new Object();

    private final KeyValueStore<String, byte[]> inner;
    /** Changed since the last write-back: byte[], {@link CellCounts}, or {@link #DELETED}. */
    private final Map<String, Object> changed = new HashMap<>();

    private InternalProcessorContext<?, ?> context;

    WriteBackStore(KeyValueStore<String, byte[]> inner) {
        this.inner = inner;
    }

    /** A builder of the store named {@code name}, with a changelog unless the builder is told otherwise. */
    public static StoreBuilder<WriteBackStore> builder(String name) {
        return new Builder(
                Stores.keyValueStoreBuilder(CompactKeyValueStore.supplier(name), Serdes.String(), Serdes.ByteArray())
                        .withCachingDisabled());
    }

    @Override
    public byte[] get(String key) {
        Object value = changed.get(key);
        if (value == null) {
            return inner.get(key);
        }
        return bytes(value);
    }

    /** A changed entry as the store holds it: null for a deletion, a cell's counts encoded. */
    private static byte[] bytes(Object changedValue) {
        return changedValue == DELETED
                ? null
                : changedValue instanceof CellCounts counts ? counts.toBytes() : (byte[]) changedValue;
    }

    @Override
    public void put(String key, byte[] value) {
        changed.put(key, value == null ? DELETED : value);
    }

    @Override
    public void putCounts(String key, CellCounts counts) {
        changed.put(key, counts);
    }

    @Override
    public void putAll(List<KeyValue<String, byte[]>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        writeBack();
        return inner.range(from, to);
    }

    /** Writes the changed entries to the store and its changelog, and forgets them. */
    private void writeBack() {
        if (changed.isEmpty()) {
            return;
        }
        List<KeyValue<String, byte[]>> entries = new ArrayList<>(changed.size());
        changed.forEach((key, value) -> entries.add(KeyValue.pair(key, bytes(value))));
        changed.clear();
        // the changelog writer reads the current record's context; at a commit outside any record there may be none
        ProcessorRecordContext current = context == null ? null : context.recordContext();
        if (context != null && current == null) {
            context.setRecordContext(
                    new ProcessorRecordContext(System.currentTimeMillis(), -1, -1, null, new RecordHeaders()));
        }
        try {
            inner.putAll(entries);
        } finally {
            if (context != null && current == null) {
                context.setRecordContext(null);
            }
        }
    }

    @Override
    public void flushCache() {
        writeBack();
    }

    @Override
    public void clearCache() {
        changed.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        // init runs again on the same instance when Kafka Streams revives a task: what was not committed is gone
        changed.clear();
        context = stateStoreContext instanceof InternalProcessorContext<?, ?> internal ? internal : null;
        inner.init(stateStoreContext, root);
    }

    @Override
    public void flush() {
        writeBack();
        inner.flush();
    }

    @Override
    public void close() {
        changed.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private static final class Builder implements StoreBuilder<WriteBackStore> {

        private final StoreBuilder<KeyValueStore<String, byte[]>> inner;

        Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<WriteBackStore> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-back store is its own cache");
        }

        @Override
        public StoreBuilder<WriteBackStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public WriteBackStore build() {
            return new WriteBackStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
