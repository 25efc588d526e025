package dev.posmon.analytics.aggregate;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the cube stages need of their store: byte entries by string key, and a cell's counts put as the object they
 * are, so that a store that writes back at commit ({@link WriteBackStore}) encodes them once per commit instead of once
 * per attempt. A {@code null} value deletes.
 */
interface CubeStore {

    byte[] get(String key);

    void put(String key, byte[] value);

    /** Puts a cell's counts; the store may keep the object and encode it later, so the caller may go on changing it. */
    void putCounts(String key, CellCounts counts);

    void putAll(List<KeyValue<String, byte[]>> entries);

    /** The entries from {@code from} to {@code to}, both inclusive, in key order; close the iterator. */
    KeyValueIterator<String, byte[]> range(String from, String to);

    /** A Kafka Streams key-value store as a cube store that encodes counts at once. */
    static CubeStore of(KeyValueStore<String, byte[]> store) {
        return new CubeStore() {
            @Override
            public byte[] get(String key) {
                return store.get(key);
            }

            @Override
            public void put(String key, byte[] value) {
                store.put(key, value);
            }

            @Override
            public void putCounts(String key, CellCounts counts) {
                store.put(key, counts.toBytes());
            }

            @Override
            public void putAll(List<KeyValue<String, byte[]>> entries) {
                store.putAll(entries);
            }

            @Override
            public KeyValueIterator<String, byte[]> range(String from, String to) {
                return store.range(from, to);
            }
        };
    }
}
