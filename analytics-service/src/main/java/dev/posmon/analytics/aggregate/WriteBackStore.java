package dev.posmon.analytics.aggregate;

import dev.posmon.analytics.registry.CompactKeyValueStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
 * since the last commit are kept as they were put. They are written to the store (and so to the changelog) when Kafka
 * Streams commits the task, before the transaction commits, in the same call in which it flushes its own record caches
 * ({@link CachedStateStore#flushCache()}).
 * <p>
 * The open cells' counts are held as the {@link CellCounts} objects the stage goes on changing, and are written as
 * <em>batches</em>: at a commit, the cells of one window changed since the last commit go to the changelog as one
 * record, {@code b|window|sequence} (several when they exceed {@link #BATCH_BYTES}), not one record per cell. With
 * thousands of cells a minute spread over every input partition, a partition sees a given cell about once a second,
 * so writing cells back at the commit saved almost nothing and a per-cell changelog record was 1.3 of the 4.2 records
 * analytics wrote per attempt; a batch is one record per window and commit. A batch holds each changed cell's counts
 * as they are (not what changed), so the counts of a cell are those of its latest batch: the store reads the batches
 * back in key order, which is the order they were written ({@link #sequence} grows, and starts past the highest left
 * after a restart). Taking a window's counts (its close, or the early send of open cells) deletes its batches, so the
 * batches held are those of the open windows since their last send (with the default early send every 10 s, about ten
 * seconds of changes). A cell written by a version before batches ({@code c|window|cell}, one record per cell) is read
 * too, before the batches, and deleted with its window.
 * <p>
 * What this gives up against Kafka Streams' record cache: nothing of exactly-once. The changelog holds, at every commit,
 * exactly what the store held, as with the cache; a task closed dirty or revived loses the uncommitted entries and
 * counts, as the cache does ({@link #clearCache}, {@link #init}), and reads its counts again from the store. A range
 * first writes the changed entries back, so that it reads the store as the stage left it. The record cache's size bound
 * is not needed: the entries changed in one commit interval are at most the open cells and the terminals that failed
 * or recovered in it.
 * <p>
 * Kafka Streams asks {@code CachedStateStore} of the store that registered itself, which is this one (the inner store
 * registers its {@code root}); it hands this store to the processor as it is, since it is not a {@link KeyValueStore}.
 */
public final class WriteBackStore implements StateStore, CubeStore, CachedStateStore<String, byte[]> {

    private static final Object DELETED = new Object();
    /**
     * A batch (of the store's, and of the partials the first stage sends) grows to about this size before the next one
     * starts: far below a Kafka record's default limit (1 MB).
     */
    static final int BATCH_BYTES = 256 * 1024;

    private static final byte BATCH_VERSION = 1;

    private final KeyValueStore<String, byte[]> inner;
    /** Entries other than counts changed since the last write-back: byte[] or {@link #DELETED}. */
    private final Map<String, Object> changed = new HashMap<>();
    /** Every open cell's counts by cell key ({@link CubeStoreKeys#cell}), read from the store at the first use. */
    private final Map<String, CellCounts> counts = new HashMap<>();
    /** The cells whose counts changed since the last write-back. */
    private final Set<String> changedCounts = new HashSet<>();

    private boolean countsRead;
    /** The next batch's sequence number. */
    private long sequence;

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
        return value == DELETED ? null : (byte[]) value;
    }

    @Override
    public void put(String key, byte[] value) {
        changed.put(key, value == null ? DELETED : value);
    }

    @Override
    public void putAll(List<KeyValue<String, byte[]>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public CellCounts counts(String key) {
        readCounts();
        return counts.get(key);
    }

    @Override
    public void putCounts(String key, CellCounts cellCounts) {
        readCounts();
        counts.put(key, cellCounts);
        changedCounts.add(key);
    }

    @Override
    public void takeCounts(long lastWindowStart, BiConsumer<String, CellCounts> taken) {
        readCounts();
        String upTo = CubeStoreKeys.upTo(CubeStoreKeys.CELLS, lastWindowStart);
        List<String> keys = new ArrayList<>();
        for (String key : counts.keySet()) {
            if (key.compareTo(upTo) <= 0) {
                keys.add(key);
            }
        }
        Collections.sort(keys);
        for (String key : keys) {
            CellCounts cellCounts = counts.remove(key);
            changedCounts.remove(key);
            taken.accept(key, cellCounts);
        }
        // the window's batches, and its cells as a version before batches wrote them, go with it
        List<KeyValue<String, byte[]>> deletions = new ArrayList<>();
        for (String prefix : List.of(CubeStoreKeys.BATCHES, CubeStoreKeys.CELLS)) {
            try (KeyValueIterator<String, byte[]> entries =
                    inner.range(prefix, CubeStoreKeys.upTo(prefix, lastWindowStart))) {
                entries.forEachRemaining(entry -> deletions.add(KeyValue.pair(entry.key, null)));
            }
        }
        deletions.forEach(deletion -> changed.put(deletion.key, DELETED));
    }

    @Override
    public void forEachCount(BiConsumer<String, CellCounts> each) {
        readCounts();
        counts.forEach(each);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        writeBackEntries();
        return inner.range(from, to);
    }

    /**
     * Reads every cell's counts from the store, once after the store was (re)initialised or dropped what it had not
     * committed: the cells of versions before batches, then the batches in the order they were written, each cell's
     * latest counts winning. The store is restored after {@link #init}, so this waits for the first use.
     */
    private void readCounts() {
        if (countsRead) {
            return;
        }
        countsRead = true;
        counts.clear();
        changedCounts.clear();
        try (KeyValueIterator<String, byte[]> cells =
                inner.range(CubeStoreKeys.CELLS, CubeStoreKeys.upTo(CubeStoreKeys.CELLS, Long.MAX_VALUE))) {
            cells.forEachRemaining(cell -> counts.put(cell.key, CellCounts.fromBytes(cell.value)));
        }
        long highest = -1;
        try (KeyValueIterator<String, byte[]> batches =
                inner.range(CubeStoreKeys.BATCHES, CubeStoreKeys.upTo(CubeStoreKeys.BATCHES, Long.MAX_VALUE))) {
            while (batches.hasNext()) {
                KeyValue<String, byte[]> batch = batches.next();
                highest = Math.max(highest, CubeStoreKeys.batchSequence(batch.key));
                readBatch(batch.value, counts::put);
            }
        }
        sequence = highest + 1;
    }

    /** Writes the changed entries and a batch per window of the changed counts to the store and its changelog. */
    private void writeBack() {
        List<KeyValue<String, byte[]>> entries = entriesToWrite();
        if (!changedCounts.isEmpty()) {
            Map<Long, List<String>> byWindow = new TreeMap<>();
            for (String key : changedCounts) {
                byWindow.computeIfAbsent(CubeStoreKeys.windowStart(key), window -> new ArrayList<>())
                        .add(key);
            }
            changedCounts.clear();
            byWindow.forEach((windowStart, keys) -> batches(
                    keys, batch -> entries.add(KeyValue.pair(CubeStoreKeys.batch(windowStart, sequence++), batch))));
        }
        write(entries);
    }

    /** Writes the changed entries other than counts (what a range reads) to the store and its changelog. */
    private void writeBackEntries() {
        write(entriesToWrite());
    }

    private List<KeyValue<String, byte[]>> entriesToWrite() {
        List<KeyValue<String, byte[]>> entries = new ArrayList<>(changed.size() + 2);
        changed.forEach((key, value) -> entries.add(KeyValue.pair(key, value == DELETED ? null : (byte[]) value)));
        changed.clear();
        return entries;
    }

    private void write(List<KeyValue<String, byte[]>> entries) {
        if (entries.isEmpty()) {
            return;
        }
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

    /**
     * The counts of {@code keys} as batches of about {@link #BATCH_BYTES}: a version byte, the number of cells, then
     * per cell its key (as {@link DataOutputStream#writeUTF}), the length of its counts and the counts
     * ({@link CellCounts#toBytes}).
     */
    private void batches(List<String> keys, Consumer<byte[]> batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> inBatch = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        int size = 0;
        for (String key : keys) {
            byte[] value = counts.get(key).toBytes();
            inBatch.add(key);
            encoded.add(value);
            size += key.length() * 3 + value.length + 6;
            if (size >= BATCH_BYTES) {
                batch.accept(encode(inBatch, encoded, bytes));
                inBatch.clear();
                encoded.clear();
                size = 0;
            }
        }
        if (!inBatch.isEmpty()) {
            batch.accept(encode(inBatch, encoded, bytes));
        }
    }

    private static byte[] encode(List<String> keys, List<byte[]> values, ByteArrayOutputStream bytes) {
        bytes.reset();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(BATCH_VERSION);
            out.writeInt(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                out.writeUTF(keys.get(i));
                out.writeInt(values.get(i).length);
                out.write(values.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Hands each cell of a batch to {@code cell}, in the order it was written. */
    static void readBatch(byte[] batch, BiConsumer<String, CellCounts> cell) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch))) {
            int version = in.readUnsignedByte();
            if (version != BATCH_VERSION) {
                throw new IOException("unknown cube batch version " + version);
            }
            int cells = in.readInt();
            for (int i = 0; i < cells; i++) {
                String key = in.readUTF();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                cell.accept(key, CellCounts.fromBytes(value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flushCache() {
        writeBack();
    }

    @Override
    public void clearCache() {
        changed.clear();
        forgetCounts();
    }

    /** Drops the counts held: they are read from the store again at the next use. */
    private void forgetCounts() {
        counts.clear();
        changedCounts.clear();
        countsRead = false;
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
        forgetCounts();
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
        forgetCounts();
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
