package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.SignOnAttempt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one cube cell in one window: kept per input partition while the window is open, then summed
 * across partitions. Distinct failing terminals add up across partitions because attempts are keyed (and so
 * partitioned) by terminal. Stored and sent in a small binary form (causes by name, so that a reordered enum reads old changelogs
 * right): it is rewritten for every attempt.
 */
public final class CellCounts {

    private long attempts;
    private long successes;
    private long failingTerminals;
    private final Map<Cause, Long> failuresByCause = new EnumMap<>(Cause.class);
    private final Map<String, Long> failuresByCode = new TreeMap<>();

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
        return this;
    }

    public long attempts() {
        return attempts;
    }

    /** The cube cell these counts are, for a window and a cell key of {@link CubeKeys}. */
    public CubeCell toCell(Instant windowStart, Instant windowEnd, String cellKey) {
        String[] dims = CubeKeys.dimensions(cellKey);
        return new CubeCell(windowStart, windowEnd, dims[0], dims[1], dims[2], dims[3], dims[4], attempts, successes,
                attempts - successes, new TreeMap<>(failuresByCause), failingTerminals, new TreeMap<>(failuresByCode));
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * failuresByCode.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static CellCounts fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(DataOutputStream out) throws IOException {
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
    }

    static CellCounts read(DataInputStream in) throws IOException {
        CellCounts counts = new CellCounts();
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
        return counts;
    }

    /** What the terminal reported: the host's response code, else its transport or local error. */
    static String code(SignOnAttempt attempt) {
        if (attempt.responseCode() != null) {
            return attempt.responseCode();
        }
        if (attempt.transportError() != null) {
            return attempt.transportError().name();
        }
        return attempt.localError() != null ? attempt.localError().name() : "STAGE_" + attempt.stage().name();
    }
}
