package dev.posmon.analytics.aggregate;

import dev.posmon.contract.cube.CubeCell;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Keys of the cube stages' stores. Window starts are zero-padded so that the store's byte order is time order and
 * "every window starting at or before S" is one range scan.
 */
final class CubeStoreKeys {

    static final String CELLS = "c|";
    /** The first stage's counts, a batch of cells per window and commit ({@link WriteBackStore}). */
    static final String BATCHES = "b|";

    static final String TERMINALS = "t|";
    static final String ENDS = "e|";
    static final String FAILING = "f|";
    /** The inclusive upper bound of a range over every {@link #failing} key: '}' sorts right after '|'. */
    static final String FAILING_END = "f}";

    private CubeStoreKeys() {}

    static String cell(long windowStart, String cellKey) {
        return CELLS + padded(windowStart) + '|' + cellKey;
    }

    /** A batch of a window's cells; sequence numbers are zero-padded too, so that key order is the order written. */
    static String batch(long windowStart, long sequence) {
        return BATCHES + padded(windowStart) + '|' + padded(sequence);
    }

    /** The sequence number of a {@link #batch} key. */
    static long batchSequence(String key) {
        return Long.parseLong(key, 22, 41, 10);
    }

    static String terminal(long windowStart, String cellKey, String terminalId) {
        return TERMINALS + padded(windowStart) + '|' + cellKey + '|' + terminalId;
    }

    /** How a terminal ended a window so far (failing, or recovered) and in which cell. */
    static String end(long windowStart, String terminalId) {
        return ENDS + padded(windowStart) + '|' + terminalId;
    }

    /** Present while a terminal's latest attempt failed. */
    static String failing(String terminalId) {
        return FAILING + terminalId;
    }

    /** The terminal id of a {@link #failing} key. */
    static String failingTerminal(String key) {
        return key.substring(FAILING.length());
    }

    /** The inclusive upper bound of a range over {@code prefix} keys of windows starting at or before {@code windowStart}. */
    static String upTo(String prefix, long windowStart) {
        return prefix + padded(windowStart) + '}'; // '}' sorts right after the '|' that follows every padded start
    }

    /**
     * Hands every {@code prefix} entry of the windows starting at or before {@code lastWindowStart} to
     * {@code taken}, in time order, then deletes them from the store.
     */
    static void take(CubeStore store, String prefix, long lastWindowStart, Consumer<KeyValue<String, byte[]>> taken) {
        List<KeyValue<String, byte[]>> deletions = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.range(prefix, upTo(prefix, lastWindowStart))) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                taken.accept(entry);
                deletions.add(KeyValue.pair(entry.key, null));
            }
        }
        // put(key, null) deletes; in one putAll, without delete()'s read of every old value
        store.putAll(deletions);
    }

    static long windowStart(String key) {
        return Long.parseLong(key, 2, 21, 10);
    }

    /** The cell key of a {@link #cell} key; the terminal id of an {@link #end} key. */
    static String cellKey(String key) {
        return key.substring(22);
    }

    /**
     * The index of the '|' between the cell key and the terminal id of a {@link #terminal} key. A key written before
     * cell keys held the acquirer or the app version has fewer parts: its last '|' is the separator (terminal ids
     * hold no '|').
     */
    static int terminalSeparator(String key) {
        int separator = 21;
        for (int i = 0; i < CubeCell.KEY_PARTS; i++) {
            int next = key.indexOf('|', separator + 1);
            if (next < 0) {
                return separator;
            }
            separator = next;
        }
        return separator;
    }

    private static String padded(long epochMillis) {
        String digits = Long.toString(epochMillis);
        return "0".repeat(19 - digits.length()) + digits;
    }
}
