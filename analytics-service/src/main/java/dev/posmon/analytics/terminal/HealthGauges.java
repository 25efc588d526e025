package dev.posmon.analytics.terminal;

import dev.posmon.analytics.terminal.TerminalState.Health;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How many terminals of this instance's tasks are STUCK or in a SIGNON_LOOP, by province. Counted per task
 * (recounted from the store when a task is assigned, dropped when it leaves), so the figures stay right
 * across rebalances and restarts; Prometheus sums the instances.
 */
public final class HealthGauges {

    private final Map<String, Map<String, long[]>> byTask = new ConcurrentHashMap<>();

    void recount(String task, KeyValueStore<String, TerminalEntry> store) {
        Map<String, long[]> counts = new HashMap<>();
        try (KeyValueIterator<String, TerminalEntry> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, TerminalEntry> entry = all.next();
                add(counts, entry.value == null ? null : entry.value.state(), 1);
            }
        }
        byTask.put(task, counts);
    }

    synchronized void moved(String task, TerminalState before, TerminalState after) {
        Map<String, long[]> counts = byTask.computeIfAbsent(task, t -> new HashMap<>());
        add(counts, before, -1);
        add(counts, after, 1);
    }

    void forget(String task) {
        byTask.remove(task);
    }

    /** Terminals in that health, by province, over every task of this instance. */
    public synchronized Map<String, Long> count(Health health) {
        Map<String, Long> total = new HashMap<>();
        byTask.values()
                .forEach(counts ->
                        counts.forEach((province, c) -> total.merge(province, c[health.ordinal()], Long::sum)));
        return total;
    }

    private static void add(Map<String, long[]> counts, TerminalState state, int delta) {
        if (state == null || state.health() == Health.OK) {
            return;
        }
        String province = state.province() == null ? "UNKNOWN" : state.province();
        counts.computeIfAbsent(province, p -> new long[Health.values().length])[
                state.health().ordinal()] += delta;
    }
}
