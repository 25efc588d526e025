package dev.posmon.analytics.terminal;

import java.util.Arrays;
import java.util.UUID;

/**
 * The sign-on attempts one terminal has sent within the dedup horizon, so that an attempt sent again (a batch posted
 * again after a 503, a gateway replaying a day-old batch) is counted once. A resent attempt is the same event: the
 * same eventId and the same occurredAt. Each is remembered as its occurredAt (milliseconds) and a 32-bit hash of its
 * eventId, sorted by time: two different attempts of one terminal in the same millisecond with the same hash are
 * what could be mistaken for each other (odds of 1 in 4 billion for two attempts in one millisecond).
 * <p>
 * Entries older than the horizon before the terminal's latest attempt are forgotten; an attempt that old is counted
 * (ingest refuses events older than its acceptance window, which the horizon covers). At most {@link #MAX}
 * attempts are kept: a terminal retrying more often than every 42 s for two days forgets its oldest ones first.
 * Plain class; held in the terminal's entry of the {@code terminals} store, about 6 bytes an attempt.
 */
public final class SeenEvents {

    /** The most attempts one terminal remembers. */
    public static final int MAX = 4096;

    private long[] times;
    private int[] hashes;
    private int size;

    public SeenEvents() {
        this(new long[4], new int[4], 0);
    }

    private SeenEvents(long[] times, int[] hashes, int size) {
        this.times = times;
        this.hashes = hashes;
        this.size = size;
    }

    /**
     * Remembers the attempt unless it was seen: true when it is new (to be counted), false for a repeat.
     * {@code horizonMs}: how long before the latest remembered attempt an attempt is still remembered.
     */
    public boolean firstTime(UUID eventId, long occurredAtMs, long horizonMs) {
        int hash = hash(eventId);
        int at = lowerBound(occurredAtMs);
        for (int i = at; i < size && times[i] == occurredAtMs; i++) {
            if (hashes[i] == hash) {
                return false;
            }
        }
        long latest = size == 0 ? occurredAtMs : Math.max(times[size - 1], occurredAtMs);
        if (occurredAtMs < latest - horizonMs) {
            return true;
        }
        insert(at, occurredAtMs, hash);
        forgetBefore(latest - horizonMs);
        return true;
    }

    public int size() {
        return size;
    }

    private int lowerBound(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void insert(int at, long time, int hash) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(hashes, at, hashes, at + 1, size - at);
        times[at] = time;
        hashes[at] = hash;
        size++;
    }

    private void forgetBefore(long oldest) {
        int drop = lowerBound(oldest);
        drop = Math.max(drop, size - MAX);
        if (drop > 0) {
            System.arraycopy(times, drop, times, 0, size - drop);
            System.arraycopy(hashes, drop, hashes, 0, size - drop);
            size -= drop;
        }
    }

    static int hash(UUID eventId) {
        long mixed = eventId.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ eventId.getLeastSignificantBits();
        return (int) (mixed ^ (mixed >>> 32));
    }

    /** Appends the entries: a count, then per entry the time since the one before (the first: since the epoch) and the hash. */
    void writeTo(BinaryOut out) {
        out.varint(size);
        long previous = 0;
        for (int i = 0; i < size; i++) {
            out.varlong(times[i] - previous);
            out.int32(hashes[i]);
            previous = times[i];
        }
    }

    static SeenEvents readFrom(BinaryIn in) {
        int size = in.varint();
        int capacity = Math.max(4, size + 1);
        long[] times = new long[capacity];
        int[] hashes = new int[capacity];
        long previous = 0;
        for (int i = 0; i < size; i++) {
            previous += in.varlong();
            times[i] = previous;
            hashes[i] = in.int32();
        }
        return new SeenEvents(times, hashes, size);
    }
}
