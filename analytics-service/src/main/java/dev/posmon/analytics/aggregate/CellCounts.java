package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.cube.TerminalSet;
import dev.posmon.contract.event.SignOnAttempt;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one cube cell in one window: kept per input partition while the window is open, then summed
 * across partitions. Distinct failing terminals add up across partitions because attempts are keyed (and so
 * partitioned) by terminal. Stored and sent in a small binary form (causes by name, so that a reordered enum reads old
 * changelogs right): it is rewritten for every attempt.
 * <p>
 * The terminal sets are empty while a partition counts: the first stage keeps its terminals as store entries of
 * their own and puts the sets in only when it sends the closed window, so an attempt never rewrites a set.
 */
public final class CellCounts {

    /**
     * The first byte of the versioned form. The first form began with the attempt count, a non-negative long, whose
     * first byte is never negative: a changelog or repartition record written before the sets still reads.
     */
    private static final byte VERSIONED = (byte) 0x80;

    private static final byte VERSION_WITH_SETS = 2;
    private static final int FAILED = 1;
    private static final int FAILING_AT_END = 2;
    private static final int RECOVERED = 4;

    private long attempts;
    private long successes;
    private long failingTerminals;
    private final Map<Cause, Long> failuresByCause = new EnumMap<>(Cause.class);
    private final Map<String, Long> failuresByCode = new TreeMap<>();
    private TerminalSet failedTerminals = TerminalSet.EMPTY;
    private TerminalSet failingAtEnd = TerminalSet.EMPTY;
    private TerminalSet recoveredTerminals = TerminalSet.EMPTY;

    /** Counts one attempt; {@code newFailingTerminal} when it is its terminal's first failure in this cell and window. */
    public CellCounts add(ClassifiedAttempt classified, boolean newFailingTerminal) {
        attempts++;
        if (classified.failed()) {
            failuresByCause.merge(classified.cause() == null ? Cause.UNKNOWN : classified.cause(), 1L, Long::sum);
            failuresByCode.merge(code(classified.attempt()), 1L, Long::sum);
            if (newFailingTerminal) {
                failingTerminals++;
            }
        } else {
            successes++;
        }
        return this;
    }

    public CellCounts merge(CellCounts other) {
        attempts += other.attempts;
        successes += other.successes;
        failingTerminals += other.failingTerminals;
        other.failuresByCause.forEach((cause, n) -> failuresByCause.merge(cause, n, Long::sum));
        other.failuresByCode.forEach((code, n) -> failuresByCode.merge(code, n, Long::sum));
        failedTerminals = failedTerminals.union(other.failedTerminals);
        failingAtEnd = failingAtEnd.union(other.failingAtEnd);
        recoveredTerminals = recoveredTerminals.union(other.recoveredTerminals);
        return this;
    }

    /** These counts with the window's terminal sets of this cell (see {@link CubeCell}). */
    public CellCounts withTerminals(TerminalSet failed, TerminalSet atEnd, TerminalSet recovered) {
        failedTerminals = failed;
        failingAtEnd = atEnd;
        recoveredTerminals = recovered;
        return this;
    }

    public long attempts() {
        return attempts;
    }

    public long failingTerminals() {
        return failingTerminals;
    }

    public TerminalSet failedTerminals() {
        return failedTerminals;
    }

    public TerminalSet failingAtEnd() {
        return failingAtEnd;
    }

    public TerminalSet recoveredTerminals() {
        return recoveredTerminals;
    }

    /** The cube cell these counts are, for a window and a cell key of {@link CubeKeys}. */
    public CubeCell toCell(Instant windowStart, Instant windowEnd, String cellKey) {
        return cell(windowStart, windowEnd, cellKey, failedTerminals, failingAtEnd, recoveredTerminals);
    }

    /** The cell with the counts so far and without terminal sets: what a window still open says. */
    public CubeCell toRunningCell(Instant windowStart, Instant windowEnd, String cellKey) {
        return cell(windowStart, windowEnd, cellKey, TerminalSet.EMPTY, TerminalSet.EMPTY, TerminalSet.EMPTY);
    }

    private CubeCell cell(
            Instant windowStart,
            Instant windowEnd,
            String cellKey,
            TerminalSet failed,
            TerminalSet atEnd,
            TerminalSet recovered) {
        String[] dims = CubeKeys.dimensions(cellKey);
        return new CubeCell(
                windowStart,
                windowEnd,
                dims[0],
                dims[1],
                dims[2],
                dims[3],
                dims[4],
                dims[5],
                attempts,
                successes,
                attempts - successes,
                new TreeMap<>(failuresByCause),
                failingTerminals,
                new TreeMap<>(failuresByCode),
                failed,
                atEnd,
                recovered,
                dims[6]);
    }

    /**
     * The binary form of {@link #write}, byte for byte, written straight into an array of its exact size: it is
     * rewritten to the store for every attempt, where a DataOutputStream over a growing buffer cost more than the
     * counting.
     */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(encodedSize());
        out.put(VERSIONED)
                .put(VERSION_WITH_SETS)
                .putLong(attempts)
                .putLong(successes)
                .putLong(failingTerminals);
        out.put((byte) failuresByCause.size());
        for (Map.Entry<Cause, Long> entry : failuresByCause.entrySet()) {
            out.put(CAUSE_NAMES[entry.getKey().ordinal()]).putLong(entry.getValue());
        }
        out.putShort((short) failuresByCode.size());
        for (Map.Entry<String, Long> entry : failuresByCode.entrySet()) {
            putUtf(out, entry.getKey());
            out.putLong(entry.getValue());
        }
        out.put((byte) ((failedTerminals.isEmpty() ? 0 : FAILED)
                | (failingAtEnd.isEmpty() ? 0 : FAILING_AT_END)
                | (recoveredTerminals.isEmpty() ? 0 : RECOVERED)));
        putSet(out, failedTerminals);
        putSet(out, failingAtEnd);
        putSet(out, recoveredTerminals);
        return out.array();
    }

    /** The length of the binary form ({@link #toBytes}, {@link #write}). */
    int encodedSize() {
        int size = 2 + 3 * Long.BYTES + 1 + 2 + 1;
        for (Cause cause : failuresByCause.keySet()) {
            size += CAUSE_NAMES[cause.ordinal()].length + Long.BYTES;
        }
        for (String code : failuresByCode.keySet()) {
            size += 2 + utfLength(code) + Long.BYTES;
        }
        return size + setLength(failedTerminals) + setLength(failingAtEnd) + setLength(recoveredTerminals);
    }

    /** Each cause's name as {@link DataOutputStream#writeUTF} writes it, length first. */
    private static final byte[][] CAUSE_NAMES = Arrays.stream(Cause.values())
            .map(cause -> {
                ByteBuffer name = ByteBuffer.allocate(2 + utfLength(cause.name()));
                putUtf(name, cause.name());
                return name.array();
            })
            .toArray(byte[][]::new);

    /** The length of {@code text} in the modified UTF-8 of {@link DataOutputStream#writeUTF}, without its two length bytes. */
    private static int utfLength(String text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == 0) {
                length += c >= 0x800 ? 2 : 1;
            }
        }
        if (length > 65535) {
            throw new UncheckedIOException(new UTFDataFormatException("encoded string too long: " + length + " bytes"));
        }
        return length;
    }

    /** {@code text} as {@link DataOutputStream#writeUTF} writes it. */
    private static void putUtf(ByteBuffer out, String text) {
        out.putShort((short) utfLength(text));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != 0 && c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | ((c >> 6) & 0x1F))).put((byte) (0x80 | (c & 0x3F)));
            } else {
                out.put((byte) (0xE0 | ((c >> 12) & 0x0F)))
                        .put((byte) (0x80 | ((c >> 6) & 0x3F)))
                        .put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    private static int setLength(TerminalSet set) {
        return set.isEmpty() ? 0 : Integer.BYTES + Long.BYTES * set.size();
    }

    private static void putSet(ByteBuffer out, TerminalSet set) {
        if (set.isEmpty()) {
            return;
        }
        long[] hashes = set.hashes();
        out.putInt(hashes.length);
        for (long hash : hashes) {
            out.putLong(hash);
        }
    }

    public static CellCounts fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(VERSIONED);
        out.writeByte(VERSION_WITH_SETS);
        out.writeLong(attempts);
        out.writeLong(successes);
        out.writeLong(failingTerminals);
        out.writeByte(failuresByCause.size());
        for (Map.Entry<Cause, Long> entry : failuresByCause.entrySet()) {
            out.writeUTF(entry.getKey().name());
            out.writeLong(entry.getValue());
        }
        out.writeShort(failuresByCode.size());
        for (Map.Entry<String, Long> entry : failuresByCode.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
        int present = (failedTerminals.isEmpty() ? 0 : FAILED)
                | (failingAtEnd.isEmpty() ? 0 : FAILING_AT_END)
                | (recoveredTerminals.isEmpty() ? 0 : RECOVERED);
        out.writeByte(present);
        writeSet(out, failedTerminals);
        writeSet(out, failingAtEnd);
        writeSet(out, recoveredTerminals);
    }

    static CellCounts read(DataInputStream in) throws IOException {
        CellCounts counts = new CellCounts();
        in.mark(2);
        int version = 1;
        if (in.readByte() == VERSIONED) {
            version = in.readUnsignedByte();
            if (version != VERSION_WITH_SETS) {
                throw new IOException("unknown cube counts version " + version);
            }
        } else {
            in.reset();
        }
        counts.attempts = in.readLong();
        counts.successes = in.readLong();
        counts.failingTerminals = in.readLong();
        int causes = in.readUnsignedByte();
        for (int i = 0; i < causes; i++) {
            counts.failuresByCause.put(Cause.valueOf(in.readUTF()), in.readLong());
        }
        int codes = in.readUnsignedShort();
        for (int i = 0; i < codes; i++) {
            counts.failuresByCode.put(in.readUTF(), in.readLong());
        }
        if (version >= VERSION_WITH_SETS) {
            int present = in.readUnsignedByte();
            counts.failedTerminals = (present & FAILED) == 0 ? TerminalSet.EMPTY : readSet(in);
            counts.failingAtEnd = (present & FAILING_AT_END) == 0 ? TerminalSet.EMPTY : readSet(in);
            counts.recoveredTerminals = (present & RECOVERED) == 0 ? TerminalSet.EMPTY : readSet(in);
        }
        return counts;
    }

    /** An empty set is not written: the byte before the sets says which are there. */
    private static void writeSet(DataOutputStream out, TerminalSet set) throws IOException {
        if (set.isEmpty()) {
            return;
        }
        long[] hashes = set.hashes();
        out.writeInt(hashes.length);
        for (long hash : hashes) {
            out.writeLong(hash);
        }
    }

    private static TerminalSet readSet(DataInputStream in) throws IOException {
        long[] hashes = new long[in.readInt()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = in.readLong();
        }
        return TerminalSet.ofHashes(hashes);
    }

    /** What the terminal reported: the host's response code, else its transport or local error. */
    static String code(SignOnAttempt attempt) {
        if (attempt.responseCode() != null) {
            return attempt.responseCode();
        }
        if (attempt.transportError() != null) {
            return attempt.transportError().name();
        }
        return attempt.localError() != null
                ? attempt.localError().name()
                : "STAGE_" + attempt.stage().name();
    }
}
