package dev.posmon.analytics.aggregate;

import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the cube stages need of their store: byte entries by string key, and cells' counts as the objects they are,
 * so that a store that writes back at commit ({@link WriteBackStore}) encodes them once per commit instead of once per
 * attempt, and may lay them out as it likes (that one writes a window's changed cells as one batch). A {@code null}
 * value deletes an entry.
 */
interface CubeStore {

    byte[] get(String key);

    void put(String key, byte[] value);

    /**
     * A cell's counts ({@link CubeStoreKeys#cell} key), or null. The store may hand out the object it holds: change it
     * only to put it again.
     */
    CellCounts counts(String key);

    /** Puts a cell's counts; the store may keep the object and encode it later, so the caller may go on changing it. */
    void putCounts(String key, CellCounts counts);

    /**
     * Hands the counts of every cell of the windows starting at or before {@code lastWindowStart} to {@code taken}, in
     * key order (so in time order), and deletes them.
     */
    void takeCounts(long lastWindowStart, BiConsumer<String, CellCounts> taken);

    /** Hands every cell's key and counts to {@code each}, in no particular order; the store keeps them. */
    void forEachCount(BiConsumer<String, CellCounts> each);

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
            public CellCounts counts(String key) {
                byte[] counted = store.get(key);
                return counted == null ? null : CellCounts.fromBytes(counted);
            }

            @Override
            public void putCounts(String key, CellCounts counts) {
                store.put(key, counts.toBytes());
            }

            @Override
            public void takeCounts(long lastWindowStart, BiConsumer<String, CellCounts> taken) {
                CubeStoreKeys.take(
                        this,
                        CubeStoreKeys.CELLS,
                        lastWindowStart,
                        cell -> taken.accept(cell.key, CellCounts.fromBytes(cell.value)));
            }

            @Override
            public void forEachCount(BiConsumer<String, CellCounts> each) {
                try (KeyValueIterator<String, byte[]> cells =
                        store.range(CubeStoreKeys.CELLS, CubeStoreKeys.upTo(CubeStoreKeys.CELLS, Long.MAX_VALUE))) {
                    cells.forEachRemaining(cell -> each.accept(cell.key, CellCounts.fromBytes(cell.value)));
                }
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
