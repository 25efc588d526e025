package dev.posmon.analytics.aggregate;

import dev.posmon.contract.cube.TerminalSet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The first cube stage's terminals, as entries of its store (so they come back from the changelog after a
 * restart): which terminals failed in each open cell-window, how each terminal ended each open window so far,
 * and which terminals are failing now. At a window's close they become the cells' terminal sets:
 * <ul>
 * <li>failed: the terminals with at least one failure in the cell and window;</li>
 * <li>failing at end: those whose last attempt in the window failed (in the cell of that attempt);</li>
 * <li>recovered: those whose last attempt in the window succeeded after a failure, in this window or as their
 * last attempt before it (in the cell of the success that ended the failure). Failure, success, success in one
 * window is a recovery: "the attempt before that success" is the one before the success that ended the failure,
 * so that alerting's still-failing terminals, {@code (still − recovered) ∪ failingAtEnd} window after window,
 * are exactly those whose latest attempt failed.</li>
 * </ul>
 * "Last" and "before" are in the order a terminal's attempts reach its partition, the order ingest accepted
 * them.
 * <p>
 * Which terminals are failing now is also held in memory (a set of their ids), read from the store in one range
 * scan when the task starts (or is revived) and changed together with every write of its entries, so that a
 * success touches the store only when it recovers its terminal: the store stays the truth, it is what the
 * changelog restores. Cost: a success of a terminal that is not failing touches no store; a recovery deletes
 * {@code f|} and writes {@code e|}; a failure reads how its terminal ended the window so far ({@code e|}) and,
 * unless that was already a failure in the same cell (whose marker is then there), its {@code t|} marker, and
 * writes only what changes (once per terminal, cell and window while it keeps failing).
 */
final class CubeTerminals {

    private static final byte[] SEEN = new byte[0];
    private static final byte ENDS_FAILING = 'F';
    private static final byte ENDS_RECOVERED = 'R';

    private final CubeStore store;
    /** The terminals with an {@code f|} entry: a mirror of the store's, so that a success need not read it. */
    private final Set<String> failingNow = new HashSet<>();

    /** Reads which terminals are failing now from {@code store}: build a new one whenever the task (re)starts. */
    CubeTerminals(CubeStore store) {
        this.store = store;
        try (KeyValueIterator<String, byte[]> failing = store.range(CubeStoreKeys.FAILING, CubeStoreKeys.FAILING_END)) {
            failing.forEachRemaining(entry -> failingNow.add(CubeStoreKeys.failingTerminal(entry.key)));
        }
    }

    /** Marks a failure; true when it is the terminal's first in this cell and window. */
    boolean failed(long windowStart, String cellKey, String terminalId) {
        String endKey = CubeStoreKeys.end(windowStart, terminalId);
        byte[] end = store.get(endKey);
        boolean wasFailing = end != null && end[0] == ENDS_FAILING;
        if (wasFailing && cellOf(end).equals(cellKey)) {
            // the window ends failing in this cell so far: that failure wrote this cell's marker, nothing changes
            return false;
        }
        String marker = CubeStoreKeys.terminal(windowStart, cellKey, terminalId);
        boolean first = store.get(marker) == null;
        if (first) {
            store.put(marker, SEEN);
        }
        store.put(endKey, end(ENDS_FAILING, cellKey));
        // f| only when the window did not end failing so far (the terminal is failing already, unless a success of a
        // later window came in between), exactly as when it was read from the store
        if (!wasFailing && failingNow.add(terminalId)) {
            store.put(CubeStoreKeys.failing(terminalId), SEEN);
        }
        return first;
    }

    /** Marks a success: a recovery when the terminal's attempt before it failed. */
    void succeeded(long windowStart, String cellKey, String terminalId) {
        if (!failingNow.remove(terminalId)) {
            return;
        }
        store.put(CubeStoreKeys.failing(terminalId), null);
        store.put(CubeStoreKeys.end(windowStart, terminalId), end(ENDS_RECOVERED, cellKey));
    }

    /** How many terminals have an {@code f|} entry, as held in memory. */
    int failingNow() {
        return failingNow.size();
    }

    /**
     * The terminal sets of every cell of the windows starting at or before {@code lastWindowStart}, by the cells'
     * store keys ({@link CubeStoreKeys#cell}) in time order; their entries are deleted. Whether a terminal fails now stays.
     */
    Map<String, Sets> take(long lastWindowStart) {
        Map<String, Sets> sets = new TreeMap<>();
        CubeStoreKeys.take(store, CubeStoreKeys.TERMINALS, lastWindowStart, marker -> {
            int separator = CubeStoreKeys.terminalSeparator(marker.key);
            String cell = CubeStoreKeys.CELLS + marker.key.substring(CubeStoreKeys.TERMINALS.length(), separator);
            sets.computeIfAbsent(cell, k -> new Sets())
                    .failed
                    .add(TerminalSet.hash(marker.key.substring(separator + 1)));
        });
        CubeStoreKeys.take(store, CubeStoreKeys.ENDS, lastWindowStart, end -> {
            String cell = CubeStoreKeys.cell(CubeStoreKeys.windowStart(end.key), cellOf(end.value));
            Sets of = sets.computeIfAbsent(cell, k -> new Sets());
            (end.value[0] == ENDS_FAILING ? of.failingAtEnd : of.recovered)
                    .add(TerminalSet.hash(CubeStoreKeys.cellKey(end.key)));
        });
        return sets;
    }

    private static byte[] end(byte kind, String cellKey) {
        byte[] cell = cellKey.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[cell.length + 1];
        value[0] = kind;
        System.arraycopy(cell, 0, value, 1, cell.length);
        return value;
    }

    private static String cellOf(byte[] end) {
        return new String(end, 1, end.length - 1, StandardCharsets.UTF_8);
    }

    /** One cell-window's terminal sets while they are gathered. */
    static final class Sets {
        final Hashes failed = new Hashes();
        final Hashes failingAtEnd = new Hashes();
        final Hashes recovered = new Hashes();

        CellCounts into(CellCounts counts) {
            return counts.withTerminals(failed.toSet(), failingAtEnd.toSet(), recovered.toSet());
        }
    }

    static final class Hashes {
        private long[] hashes = new long[4];
        private int size;

        void add(long hash) {
            if (size == hashes.length) {
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            hashes[size++] = hash;
        }

        TerminalSet toSet() {
            return size == 0 ? TerminalSet.EMPTY : TerminalSet.ofHashes(Arrays.copyOf(hashes, size));
        }
    }
}
