package dev.posmon.alerting.incident;

import dev.posmon.contract.cube.TerminalSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.datasketches.hll.HllSketch;

/**
 * How many distinct terminals an incident hit, and how many of them still fail. Immutable; plain class.
 * <ul>
 * <li><b>affected</b>: the union of the failing terminals of the incident's scope over its anomalous windows — exact
 * (a set of terminal-id hashes) up to {@link #EXACT_LIMIT} terminals, above it a HyperLogLog estimate (Apache
 * DataSketches, lgK 14: about 0.8 % relative standard error). Never less than the largest count of one window, so
 * that cells sent without terminal sets still count as they always did.</li>
 * <li><b>still failing</b>: window after window, {@code (still − recovered) ∪ failing at the window's end}: the terminals
 * of the scope whose latest attempt failed. Exact up to {@link #EXACT_LIMIT}; above it, the terminals failing at the end
 * of the latest window (a lower bound: a terminal that stopped trying is not counted).</li>
 * </ul>
 */
public final class TerminalTally {

    /** Exact sets up to this many terminals: 8 bytes each, kept with the incident's row. */
    public static final int EXACT_LIMIT = 100_000;

    static final int LG_K = 14;
    private static final byte FORMAT = 1;

    public static final TerminalTally NONE = new TerminalTally(TerminalSet.EMPTY, null, 0, TerminalSet.EMPTY, -1);

    private final TerminalSet affected;
    /** Non-null once the affected terminals outgrew the exact set. */
    private final HllSketch sketch;

    private final long largestWindow;
    private final TerminalSet still;
    /** The still-failing estimate once the exact set was given up; -1 while exact. */
    private final long stillEstimate;

    private TerminalTally(
            TerminalSet affected, HllSketch sketch, long largestWindow, TerminalSet still, long stillEstimate) {
        this.affected = affected;
        this.sketch = sketch;
        this.largestWindow = largestWindow;
        this.still = still;
        this.stillEstimate = stillEstimate;
    }

    /** An anomalous window of the incident: its failing terminals count as affected; who still fails moves on. */
    public TerminalTally hit(WindowTerminals window) {
        TerminalSet nextAffected = affected;
        HllSketch nextSketch = sketch;
        if (nextSketch == null) {
            nextAffected = affected.union(window.failed());
            if (nextAffected.size() > EXACT_LIMIT) {
                nextSketch = new HllSketch(LG_K);
                for (long hash : nextAffected.hashes()) {
                    nextSketch.update(hash);
                }
                nextAffected = TerminalSet.EMPTY;
            }
        } else {
            nextSketch = sketch.copy();
            for (long hash : window.failed().hashes()) {
                nextSketch.update(hash);
            }
        }
        return new TerminalTally(
                        nextAffected,
                        nextSketch,
                        Math.max(
                                largestWindow,
                                Math.max(window.failingCount(), window.failed().size())),
                        still,
                        stillEstimate)
                .observe(window);
    }

    /** Any window while the incident is active: recoveries and new failures in its scope. */
    public TerminalTally observe(WindowTerminals window) {
        if (stillEstimate >= 0) {
            return new TerminalTally(
                    affected,
                    sketch,
                    largestWindow,
                    still,
                    window.failingAtEnd().size());
        }
        TerminalSet next = still.minus(window.recovered()).union(window.failingAtEnd());
        if (next.size() > EXACT_LIMIT) {
            return new TerminalTally(
                    affected,
                    sketch,
                    largestWindow,
                    TerminalSet.EMPTY,
                    window.failingAtEnd().size());
        }
        return new TerminalTally(affected, sketch, largestWindow, next, -1);
    }

    /** Distinct terminals hit so far. */
    public long affected() {
        long distinct = sketch == null ? affected.size() : Math.round(sketch.getEstimate());
        return Math.max(distinct, largestWindow);
    }

    /**
     * The terminals hit, while they are known one by one: not once the set outgrew {@link #EXACT_LIMIT}, nor when it
     * holds fewer than a window counted (cells without terminal sets, an incident from before they were kept).
     */
    public Optional<TerminalSet> affectedIfExact() {
        return sketch == null && !affected.isEmpty() && affected.size() >= largestWindow
                ? Optional.of(affected)
                : Optional.empty();
    }

    public long stillFailing() {
        return stillEstimate >= 0 ? stillEstimate : still.size();
    }

    /** Whether either count is an estimate rather than exact. */
    public boolean estimated() {
        return sketch != null || stillEstimate >= 0;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 8 * (affected.size() + still.size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(largestWindow);
            out.writeLong(stillEstimate);
            writeSet(out, affected);
            writeSet(out, still);
            byte[] compact = sketch == null ? new byte[0] : sketch.toCompactByteArray();
            out.writeInt(compact.length);
            out.write(compact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static TerminalTally fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return NONE;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("terminal tally of unknown format " + format);
            }
            long largestWindow = in.readLong();
            long stillEstimate = in.readLong();
            TerminalSet affected = readSet(in);
            TerminalSet still = readSet(in);
            byte[] compact = new byte[in.readInt()];
            in.readFully(compact);
            return new TerminalTally(
                    affected,
                    compact.length == 0 ? null : HllSketch.heapify(compact),
                    largestWindow,
                    still,
                    stillEstimate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tally of a row written before terminals were counted: its largest window count is all that is known. */
    public static TerminalTally ofCount(long largestWindow) {
        return new TerminalTally(TerminalSet.EMPTY, null, largestWindow, TerminalSet.EMPTY, -1);
    }

    private static void writeSet(DataOutputStream out, TerminalSet set) throws IOException {
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

    @Override
    public boolean equals(Object other) {
        return other instanceof TerminalTally tally && Arrays.equals(toBytes(), tally.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
