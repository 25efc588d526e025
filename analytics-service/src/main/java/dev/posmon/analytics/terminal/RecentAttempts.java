package dev.posmon.analytics.terminal;

import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A terminal's last attempts, newest first, held as their encoded bytes and decoded only when read (the diagnosis).
 * Every event of a terminal reads and writes its entry, and the attempts were most of it: each with a dozen strings
 * to decode and encode again, although a new attempt only pushes the oldest one out. Immutable.
 */
public final class RecentAttempts extends AbstractList<AttemptSummary> implements RandomAccess {

    private static final RecentAttempts NONE = new RecentAttempts(new long[0], new byte[0][]);

    private final long[] occurredAt;
    private final byte[][] encoded;

    private RecentAttempts(long[] occurredAt, byte[][] encoded) {
        this.occurredAt = occurredAt;
        this.encoded = encoded;
    }

    public static RecentAttempts none() {
        return NONE;
    }

    /** These attempts, in their order (newest first, as a terminal's state keeps them), encoded. */
    public static RecentAttempts of(List<AttemptSummary> attempts) {
        if (attempts instanceof RecentAttempts recent) {
            return recent;
        }
        long[] times = new long[attempts.size()];
        byte[][] bytes = new byte[attempts.size()][];
        for (int i = 0; i < times.length; i++) {
            times[i] = attempts.get(i).occurredAt().toEpochMilli();
            bytes[i] = encode(attempts.get(i));
        }
        return new RecentAttempts(times, bytes);
    }

    /**
     * The attempt {@code latest} and the newest {@code keep - 1} of these, newest first ({@code latest} before those of
     * its time): only the new attempt is encoded.
     */
    public RecentAttempts with(AttemptSummary latest, int keep) {
        long at = latest.occurredAt().toEpochMilli();
        int olders = Math.min(occurredAt.length, keep - 1);
        int position = 0;
        while (position < olders && occurredAt[position] > at) {
            position++;
        }
        long[] times = new long[olders + 1];
        byte[][] bytes = new byte[olders + 1][];
        System.arraycopy(occurredAt, 0, times, 0, position);
        System.arraycopy(encoded, 0, bytes, 0, position);
        times[position] = at;
        bytes[position] = encode(latest);
        System.arraycopy(occurredAt, position, times, position + 1, olders - position);
        System.arraycopy(encoded, position, bytes, position + 1, olders - position);
        return new RecentAttempts(times, bytes);
    }

    @Override
    public AttemptSummary get(int index) {
        return TerminalEntrySerde.readAttempt(new BinaryIn(encoded[index]));
    }

    @Override
    public int size() {
        return encoded.length;
    }

    void writeTo(BinaryOut out) {
        out.varint(encoded.length);
        for (byte[] attempt : encoded) {
            out.blob(attempt);
        }
    }

    /**
     * The attempts as {@link #writeTo} wrote them; {@code withNames}: each written as entries of versions 1 and 2 wrote
     * it ({@link TerminalEntrySerde#readAttemptWithNames}), and encoded again in this version's form.
     */
    static RecentAttempts readFrom(BinaryIn in, boolean withNames) {
        int size = in.varint();
        long[] times = new long[size];
        byte[][] bytes = new byte[size][];
        for (int i = 0; i < size; i++) {
            bytes[i] = in.blob();
            if (withNames) {
                bytes[i] = encode(TerminalEntrySerde.readAttemptWithNames(new BinaryIn(bytes[i])));
            }
            times[i] = new BinaryIn(bytes[i]).time(); // an encoded attempt begins with its occurredAt
        }
        return new RecentAttempts(times, bytes);
    }

    private static byte[] encode(AttemptSummary attempt) {
        BinaryOut out = new BinaryOut(96);
        TerminalEntrySerde.writeAttempt(out, attempt);
        return out.toBytes();
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof RecentAttempts recent) {
            return Arrays.equals(occurredAt, recent.occurredAt) && Arrays.deepEquals(encoded, recent.encoded);
        }
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
