package dev.posmon.ingest.registry;

import java.util.concurrent.locks.StampedLock;

/**
 * A map from a terminal's 64-bit id hash ({@link TerminalHash}) to one long, in two flat arrays with open
 * addressing (linear probing, backward-shift deletion): 16 bytes a slot, at most 75 % full, so about 21 to
 * 43 bytes of heap a terminal (a fleet of 1M: 2^21 slots, 32 MiB) and no object per terminal. A HashMap of
 * full records cost 630 to 700 bytes a terminal, which at 10M terminals is 6 to 7 GB on every replica.
 *
 * <p>The table knows hashes, not ids: two ids with the same hash share a slot. {@link CompactRegistryView} checks
 * every write against the id stored with the record and keeps the rare colliding terminal apart; what is
 * left is a lookup of an <em>unregistered</em> id whose hash equals a registered one's, which would be taken
 * for that terminal. For n registered terminals that chance is n / 2^64 per unknown id (5 × 10^-13 at 10M),
 * and the key of the hash is secret and drawn at every start, so it cannot be aimed.
 *
 * <p>One writer at a time (writes take the write lock); lookups, on every event, take no lock unless a write
 * raced them (optimistic reads of a {@link StampedLock}).
 */
public final class TerminalTable {

    /** What {@link #get} answers for a hash that is not in the table; values must be other than this. */
    public static final long ABSENT = -1L;

    private static final int MIN_CAPACITY = 1 << 10;

    private final StampedLock lock = new StampedLock();
    private long[] hashes;
    private long[] values;
    private int size;

    public TerminalTable() {
        this(MIN_CAPACITY);
    }

    public TerminalTable(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3L / 4 < expected) {
            capacity <<= 1;
        }
        hashes = new long[capacity];
        values = new long[capacity];
    }

    /** The value stored for this hash, or {@link #ABSENT}. */
    public long get(long hash) {
        long key = nonZero(hash);
        long stamp = lock.tryOptimisticRead();
        long[] seenHashes = hashes;
        long[] seenValues = values;
        long value = seenHashes.length == seenValues.length ? find(seenHashes, seenValues, key) : ABSENT;
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                value = find(hashes, values, key);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return value;
    }

    /** Sets the value of this hash; answers the previous one, or {@link #ABSENT}. */
    public long put(long hash, long value) {
        if (value == ABSENT) {
            throw new IllegalArgumentException("the value " + ABSENT + " means absent");
        }
        long key = nonZero(hash);
        long stamp = lock.writeLock();
        try {
            if ((size + 1) * 4L > hashes.length * 3L) {
                grow();
            }
            int mask = hashes.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                if (hashes[i] == key) {
                    long previous = values[i];
                    values[i] = value;
                    return previous;
                }
                if (hashes[i] == 0) {
                    hashes[i] = key;
                    values[i] = value;
                    size++;
                    return ABSENT;
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes this hash; answers its value, or {@link #ABSENT}. */
    public long remove(long hash) {
        long key = nonZero(hash);
        long stamp = lock.writeLock();
        try {
            int mask = hashes.length - 1;
            int i = slot(key, mask);
            while (hashes[i] != key) {
                if (hashes[i] == 0) {
                    return ABSENT;
                }
                i = (i + 1) & mask;
            }
            long previous = values[i];
            // backward-shift deletion: pull later members of the probe run into the hole, so that no
            // lookup ever stops early at it (and no tombstones accumulate)
            for (int j = (i + 1) & mask; hashes[j] != 0; j = (j + 1) & mask) {
                int home = slot(hashes[j], mask);
                boolean homeAfterHole = i <= j ? (home > i && home <= j) : (home > i || home <= j);
                if (!homeAfterHole) {
                    hashes[i] = hashes[j];
                    values[i] = values[j];
                    i = j;
                }
            }
            hashes[i] = 0;
            values[i] = 0;
            size--;
            return previous;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public int size() {
        return size;
    }

    /** Slots allocated (for the heap estimate in the README: 16 bytes each). */
    public int capacity() {
        return hashes.length;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldValues = values;
        long[] newHashes = new long[oldHashes.length * 2];
        long[] newValues = new long[newHashes.length];
        int mask = newHashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] != 0) {
                int j = slot(oldHashes[i], mask);
                while (newHashes[j] != 0) {
                    j = (j + 1) & mask;
                }
                newHashes[j] = oldHashes[i];
                newValues[j] = oldValues[i];
            }
        }
        hashes = newHashes;
        values = newValues;
    }

    /** A lookup that may run while a write changes the arrays: bounded, and its answer checked by the caller. */
    private static long find(long[] hashes, long[] values, long key) {
        int mask = hashes.length - 1;
        int i = slot(key, mask);
        for (int probes = 0; probes < hashes.length; probes++, i = (i + 1) & mask) {
            long at = hashes[i];
            if (at == key) {
                return values[i];
            }
            if (at == 0) {
                return ABSENT;
            }
        }
        return ABSENT;
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    /** 0 marks an empty slot, so the hash 0 is stored as 1 (one more shared hash in 2^64: the id check covers it). */
    private static long nonZero(long hash) {
        return hash == 0 ? 1 : hash;
    }

    @Override
    public String toString() {
        return "TerminalTable[size=" + size + ", capacity=" + hashes.length + "]";
    }
}
