package dev.posmon.analytics.aggregate;

import dev.posmon.contract.cube.TerminalSet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;

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
 * them. Cost: a success reads whether its terminal is failing, and writes only when it recovers it; a failure
 * reads how its terminal ended the window so far, and writes only when that changes (once per terminal and
 * window while it keeps failing).
 */
final class CubeTerminals {

    private static final byte[] SEEN = new byte[0];
    private static final byte ENDS_FAILING = 'F';
    private static final byte ENDS_RECOVERED = 'R';

    private final KeyValueStore<String, byte[]> store;

    CubeTerminals(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Marks a failure; true when it is the terminal's first in this cell and window. */
    boolean failed(long windowStart, String cellKey, String terminalId) {
        String marker = CubeStoreKeys.terminal(windowStart, cellKey, terminalId);
        boolean first = store.get(marker) == null;
        if (first) {
            store.put(marker, SEEN);
        }
        String endKey = CubeStoreKeys.end(windowStart, terminalId);
        byte[] end = store.get(endKey);
        boolean wasFailing = end != null && end[0] == ENDS_FAILING;
        if (!wasFailing || !cellOf(end).equals(cellKey)) {
            store.put(endKey, end(ENDS_FAILING, cellKey));
        }
        if (!wasFailing) {
            String failing = CubeStoreKeys.failing(terminalId);
            if (store.get(failing) == null) {
                store.put(failing, SEEN);
            }
        }
        return first;
    }

    /** Marks a success: a recovery when the terminal's attempt before it failed. */
    void succeeded(long windowStart, String cellKey, String terminalId) {
        String failing = CubeStoreKeys.failing(terminalId);
        if (store.get(failing) == null) {
            return;
        }
        store.put(failing, null);
        store.put(CubeStoreKeys.end(windowStart, terminalId), end(ENDS_RECOVERED, cellKey));
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
            sets.computeIfAbsent(cell, k -> new Sets()).failed.add(TerminalSet.hash(marker.key.substring(separator + 1)));
        });
        CubeStoreKeys.take(store, CubeStoreKeys.ENDS, lastWindowStart, end -> {
            String cell = CubeStoreKeys.cell(CubeStoreKeys.windowStart(end.key), cellOf(end.value));
            Sets of = sets.computeIfAbsent(cell, k -> new Sets());
            (end.value[0] == ENDS_FAILING ? of.failingAtEnd : of.recovered).add(TerminalSet.hash(CubeStoreKeys.cellKey(end.key)));
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
