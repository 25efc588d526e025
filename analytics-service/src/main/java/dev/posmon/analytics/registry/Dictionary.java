package dev.posmon.analytics.registry;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct values of one registry field (the fleet's provinces, hosts, models, acquirers, time zones,
 * …), each interned once and named by a small index: a registry value in {@link CompactTerminalSerde}'s
 * form holds indexes, not strings. Only grows, so an index once written into a store stays valid for the
 * life of the process, whatever the store does; the store is in memory and rebuilt with it at every start.
 * Interning may happen on one thread while any other decodes.
 */
public final class Dictionary {

    private final Map<String, Integer> indexes = new ConcurrentHashMap<>();
    private volatile String[] values = new String[0];

    public int intern(String value) {
        Integer known = indexes.get(value);
        return known != null ? known : add(value);
    }

    private synchronized int add(String value) {
        Integer known = indexes.get(value);
        if (known != null) {
            return known;
        }
        String[] current = values;
        String[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = value;
        values = grown; // published before the index is handed out, so whoever holds the index finds the value
        indexes.put(value, current.length);
        return current.length;
    }

    public String value(int index) {
        return values[index];
    }

    public int size() {
        return values.length;
    }
}
