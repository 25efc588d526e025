package dev.posmon.ingest.registry;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The acquirers of the registry, each interned once and named by a small index, so that a terminal's
 * entry in {@link TerminalTable} holds an index rather than a string. A fleet has a handful of acquirers;
 * the dictionary only grows (an index once given stays valid), which keeps readers lock-free.
 */
public final class Acquirers {

    /** Indexes fit in the 24 bits {@link CompactRegistryView} packs them in. */
    public static final int MAX = 1 << 24;

    private final Map<String, Integer> indexes = new ConcurrentHashMap<>();
    private volatile String[] names = new String[0];

    /** The index of this acquirer, given it the first time it is seen. */
    public int intern(String acquirer) {
        Integer known = indexes.get(acquirer);
        return known != null ? known : add(acquirer);
    }

    private synchronized int add(String acquirer) {
        Integer known = indexes.get(acquirer);
        if (known != null) {
            return known;
        }
        String[] current = names;
        if (current.length == MAX) {
            throw new IllegalStateException("more than " + MAX + " acquirers");
        }
        String[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = acquirer;
        names = grown; // published before the index, so a reader holding the index finds the name
        indexes.put(acquirer, current.length);
        return current.length;
    }

    public String name(int index) {
        return names[index];
    }

    public int size() {
        return names.length;
    }
}
