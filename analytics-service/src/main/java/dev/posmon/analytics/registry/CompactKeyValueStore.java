package dev.posmon.analytics.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.StampedLock;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store of one byte array per entry (key and value together) in an open-addressing
 * table, for a store of many small entries read by key: the global {@code registry}, and the inner store of the cube's
 * first stage ({@code WriteBackStore}). Kafka Streams' own in-memory store keeps a tree node, a {@code Bytes} and two
 * arrays per entry, about 110 bytes before the value, and finds a key by comparing keys along the tree; this keeps the
 * entry's array (16 bytes of header) and a slot of 4 to 8 bytes, and finds it by a hash and a probe.
 *
 * <p>Range reads and {@link #all()} copy the entries within the range and sort them (the cube's first stage reads a
 * closing window's entries so, once per window; the registry never). Lookups may run on any thread while another
 * writes (the global thread writes the registry while stream threads read it): a lookup reads optimistically and takes
 * the read lock only when a write came in between, where the built-in store synchronizes every call. Not persistent: the registry is rebuilt from its topic at every start, and a store with a changelog
 * is restored from it through {@link #init}'s callback (a null value deletes), as Kafka Streams' in-memory store is.
 */
public final class CompactKeyValueStore implements KeyValueStore<Bytes, byte[]> {

    private static final int MIN_CAPACITY = 1 << 10;
    private static final Comparator<KeyValue<Bytes, byte[]>> BY_KEY = Comparator.comparing(entry -> entry.key);

    private final String name;
    private final StampedLock lock = new StampedLock();
    private byte[][] slots = new byte[MIN_CAPACITY][];
    private int size;
    private volatile boolean open;

    public CompactKeyValueStore(String name) {
        this.name = name;
    }

    /** The supplier for {@code Stores.keyValueStoreBuilder}. */
    public static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new CompactKeyValueStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory-compact";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // A global store with a processor is restored by running its records through the processor; this
        // callback is only the fallback of stores restored from raw bytes.
        context.register(root, (key, value) -> put(Bytes.wrap(key), value));
        open = true;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void flush() {
        // in memory: nothing to flush
    }

    @Override
    public void close() {
        long stamp = lock.writeLock();
        try {
            slots = new byte[MIN_CAPACITY][];
            size = 0;
            open = false;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    /**
     * Reads without a lock first (an optimistic read: the registry is read once per attempt, and a read lock's two
     * atomic updates were a third of the lookup), then under the read lock if a write came in between. A read that
     * raced a write may see anything, an exception included; it only counts when no write came in between.
     */
    @Override
    public byte[] get(Bytes key) {
        byte[] wanted = key.get();
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                byte[] value = lookup(wanted);
                if (lock.validate(stamp)) {
                    return value;
                }
            } catch (RuntimeException raced) {
                // read again under the lock
            }
        }
        stamp = lock.readLock();
        try {
            return lookup(wanted);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private byte[] lookup(byte[] wanted) {
        byte[][] table = slots;
        byte[] entry = table[find(table, wanted)];
        return entry == null ? null : valueOf(entry);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        long stamp = lock.writeLock();
        try {
            write(key.get(), value);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        long stamp = lock.writeLock();
        try {
            byte[] previous = lookup(key.get());
            if (previous == null) {
                write(key.get(), value);
            }
            return previous;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        long stamp = lock.writeLock();
        try {
            entries.forEach(entry -> write(entry.key.get(), entry.value));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        long stamp = lock.writeLock();
        try {
            return remove(key.get());
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Under the write lock: puts the entry, or removes it for a null value. */
    private void write(byte[] wanted, byte[] value) {
        if (value == null) {
            remove(wanted);
            return;
        }
        byte[] entry = entry(wanted, value);
        if ((size + 1) * 4L > slots.length * 3L) {
            grow();
        }
        int i = find(slots, wanted);
        if (slots[i] == null) {
            size++;
        }
        slots[i] = entry;
    }

    /** Under the write lock: removes the key; its value, or null. */
    private byte[] remove(byte[] wanted) {
        byte[][] table = slots;
        int mask = table.length - 1;
        int i = find(table, wanted);
        if (table[i] == null) {
            return null;
        }
        byte[] previous = valueOf(table[i]);
        // backward-shift deletion: later members of the probe run move into the hole, so no lookup stops at it
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = home(table[j], mask);
            boolean homeAfterHole = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!homeAfterHole) {
                table[i] = table[j];
                i = j;
            }
        }
        table[i] = null;
        size--;
        return previous;
    }

    @Override
    public long approximateNumEntries() {
        return size;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return iterator(snapshot(from, to, null), false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return iterator(snapshot(from, to, null), true);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return iterator(snapshot(null, null, null), false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return iterator(snapshot(null, null, null), true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        return iterator(snapshot(null, null, prefixKeySerializer.serialize(null, prefix)), false);
    }

    /** The entries within [from, to] (either end open when null) and with the prefix (when not null), by key. */
    private List<KeyValue<Bytes, byte[]>> snapshot(Bytes from, Bytes to, byte[] prefix) {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        long stamp = lock.readLock();
        try {
            for (byte[] entry : slots) {
                if (entry == null) {
                    continue;
                }
                // compared where the key lies in the entry, as Bytes compares (unsigned): copied only when it is in
                int keyLength = keyLength(entry);
                int start = lengthBytes(keyLength);
                int end = start + keyLength;
                boolean inRange = (from == null
                                || Arrays.compareUnsigned(entry, start, end, from.get(), 0, from.get().length) >= 0)
                        && (to == null || Arrays.compareUnsigned(entry, start, end, to.get(), 0, to.get().length) <= 0);
                boolean prefixed = prefix == null
                        || (keyLength >= prefix.length
                                && Arrays.equals(entry, start, start + prefix.length, prefix, 0, prefix.length));
                if (inRange && prefixed) {
                    entries.add(KeyValue.pair(Bytes.wrap(keyOf(entry)), valueOf(entry)));
                }
            }
        } finally {
            lock.unlockRead(stamp);
        }
        entries.sort(BY_KEY);
        return entries;
    }

    private static KeyValueIterator<Bytes, byte[]> iterator(List<KeyValue<Bytes, byte[]>> entries, boolean reverse) {
        if (reverse) {
            Collections.reverse(entries);
        }
        return new KeyValueIterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < entries.size();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return entries.get(next++);
            }

            @Override
            public Bytes peekNextKey() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return entries.get(next).key;
            }

            @Override
            public void close() {
                // a snapshot: nothing to release
            }
        };
    }

    private void grow() {
        byte[][] old = slots;
        byte[][] table = new byte[old.length * 2][];
        int mask = table.length - 1;
        for (byte[] entry : old) {
            if (entry != null) {
                int i = home(entry, mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = entry;
            }
        }
        slots = table;
    }

    /** The slot holding this key, or the empty slot where it would go. */
    private static int find(byte[][] table, byte[] key) {
        int mask = table.length - 1;
        int i = spread(Arrays.hashCode(key)) & mask;
        // bounded: a table always has free slots, but an optimistic read racing a write may not see one
        for (int probes = 0; table[i] != null && !keyEquals(table[i], key); probes++) {
            if (probes == table.length) {
                throw new ConcurrentModificationException("probed every slot");
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(byte[] entry, int mask) {
        int keyLength = keyLength(entry);
        int offset = lengthBytes(keyLength);
        int hash = 1;
        for (int k = offset; k < offset + keyLength; k++) {
            hash = 31 * hash + entry[k];
        }
        return spread(hash) & mask;
    }

    /** Arrays.hashCode of short ids is weak in its low bits: mix them before masking. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    // An entry: the key's length (1 to 5 bytes, unsigned varint), the key, then the value.

    private static byte[] entry(byte[] key, byte[] value) {
        int lengthBytes = lengthBytes(key.length);
        byte[] entry = new byte[lengthBytes + key.length + value.length];
        int at = 0;
        int length = key.length;
        while ((length & ~0x7f) != 0) {
            entry[at++] = (byte) ((length & 0x7f) | 0x80);
            length >>>= 7;
        }
        entry[at++] = (byte) length;
        System.arraycopy(key, 0, entry, at, key.length);
        System.arraycopy(value, 0, entry, at + key.length, value.length);
        return entry;
    }

    private static int keyLength(byte[] entry) {
        int value = 0;
        for (int at = 0, shift = 0; ; at++, shift += 7) {
            byte b = entry[at];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static int lengthBytes(int length) {
        int bytes = 1;
        while ((length & ~0x7f) != 0) {
            length >>>= 7;
            bytes++;
        }
        return bytes;
    }

    /**
     * Whether the entry's key is {@code key}. The last bytes are compared first: probing compares a key with the other
     * keys of its run, ids of one length differ mostly at their end (terminal ids, serial numbers), and a full
     * comparison per probe was 2 % of analytics' stream threads.
     */
    private static boolean keyEquals(byte[] entry, byte[] key) {
        int keyLength = keyLength(entry);
        int offset = lengthBytes(keyLength);
        return keyLength == key.length
                && (keyLength == 0 || entry[offset + keyLength - 1] == key[keyLength - 1])
                && Arrays.equals(entry, offset, offset + keyLength, key, 0, key.length);
    }

    private static byte[] keyOf(byte[] entry) {
        int keyLength = keyLength(entry);
        int offset = lengthBytes(keyLength);
        return Arrays.copyOfRange(entry, offset, offset + keyLength);
    }

    private static byte[] valueOf(byte[] entry) {
        int keyLength = keyLength(entry);
        return Arrays.copyOfRange(entry, lengthBytes(keyLength) + keyLength, entry.length);
    }
}
