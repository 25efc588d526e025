package dev.posmon.contract.cube;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;

/**
 * An exact set of terminals, as 64-bit hashes of their ids (the first eight bytes of the id's SHA-256, so every
 * service hashes alike and two terminals collide with a probability of about n²/2⁶⁵). A cube cell carries the
 * terminals that failed in it, so that alerting can count the distinct terminals an incident hit over many windows
 * and cells, and those that still fail. In JSON it is one base64 string of the sorted hashes (8 bytes each).
 * Immutable.
 */
public final class TerminalSet {

    public static final TerminalSet EMPTY = new TerminalSet(new long[0]);

    private final long[] hashes;

    private TerminalSet(long[] sortedDistinct) {
        this.hashes = sortedDistinct;
    }

    /** The set of these hashes (any order, repeats allowed). */
    public static TerminalSet ofHashes(long... hashes) {
        long[] sorted = hashes.clone();
        Arrays.sort(sorted);
        return new TerminalSet(distinct(sorted, sorted.length));
    }

    /** The union of many sets at once (one sort, not one merge per set). */
    public static TerminalSet unionOf(Collection<TerminalSet> sets) {
        int total = 0;
        for (TerminalSet set : sets) {
            total += set.hashes.length;
        }
        long[] all = new long[total];
        int n = 0;
        for (TerminalSet set : sets) {
            System.arraycopy(set.hashes, 0, all, n, set.hashes.length);
            n += set.hashes.length;
        }
        Arrays.sort(all);
        return new TerminalSet(distinct(all, all.length));
    }

    /** The hash a terminal id has in every set. */
    public static long hash(String terminalId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(terminalId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public int size() {
        return hashes.length;
    }

    public boolean isEmpty() {
        return hashes.length == 0;
    }

    public boolean contains(long hash) {
        return Arrays.binarySearch(hashes, hash) >= 0;
    }

    /** The hashes, sorted ascending (a copy). */
    public long[] hashes() {
        return hashes.clone();
    }

    public TerminalSet union(TerminalSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        long[] merged = new long[hashes.length + other.hashes.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < hashes.length || j < other.hashes.length) {
            long next;
            if (j >= other.hashes.length || (i < hashes.length && hashes[i] <= other.hashes[j])) {
                next = hashes[i++];
            } else {
                next = other.hashes[j++];
            }
            if (n == 0 || merged[n - 1] != next) {
                merged[n++] = next;
            }
        }
        return new TerminalSet(Arrays.copyOf(merged, n));
    }

    public TerminalSet minus(TerminalSet other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        long[] kept = new long[hashes.length];
        int n = 0;
        for (long hash : hashes) {
            if (!other.contains(hash)) {
                kept[n++] = hash;
            }
        }
        return n == hashes.length ? this : new TerminalSet(Arrays.copyOf(kept, n));
    }

    @JsonValue
    public String toBase64() {
        ByteBuffer bytes = ByteBuffer.allocate(hashes.length * Long.BYTES);
        for (long hash : hashes) {
            bytes.putLong(hash);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    @JsonCreator
    public static TerminalSet fromBase64(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("a terminal set is a multiple of 8 bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] read = new long[bytes.length / Long.BYTES];
        for (int k = 0; k < read.length; k++) {
            read[k] = buffer.getLong();
        }
        Arrays.sort(read);
        return new TerminalSet(distinct(read, read.length));
    }

    private static long[] distinct(long[] sorted, int length) {
        int n = 0;
        for (int k = 0; k < length; k++) {
            if (n == 0 || sorted[n - 1] != sorted[k]) {
                sorted[n++] = sorted[k];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TerminalSet set && Arrays.equals(hashes, set.hashes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "TerminalSet[" + hashes.length + "]";
    }
}
