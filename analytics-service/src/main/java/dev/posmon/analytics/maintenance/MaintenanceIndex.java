package dev.posmon.analytics.maintenance;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The declared maintenance windows, decoded once and indexed by host, for the question asked of every failed attempt:
 * which windows concern it (its host's, and those of its network)? Plain class, written by the global store's updater
 * (one thread) and read by every stream thread.
 * <p>
 * Before, each failed attempt scanned the whole store and decoded every window from JSON: a cost per failure that
 * grows with every window ever declared (a calendar of years, a broker that ran many tests: more than half of
 * analytics' CPU was in that scan). Now a failure costs a map lookup and a pass over the network windows (few).
 * <p>
 * The answer is what the scan gave, in the same order: the store's (windows by id, as their UTF-8 bytes compare), so
 * that the classifier's first match is the same window.
 */
public final class MaintenanceIndex {

    private static final Comparator<MaintenanceWindow> STORE_ORDER =
            Comparator.comparing(window -> window.id().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    private final Map<String, MaintenanceWindow> windows = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(0, Map.of(), List.of());

    /** The windows at one version: each host's in store order, the network windows (no host) in store order. */
    private record Snapshot(long version, Map<String, List<Ranked>> byHost, List<Ranked> network) {}

    /** A window and its place in store order, to merge a host's windows with the network's. */
    private record Ranked(int rank, MaintenanceWindow window) {}

    /** The window of that id is now {@code window}; null: it is gone (a tombstone). */
    public void put(String id, MaintenanceWindow window) {
        if (window == null) {
            windows.remove(id);
        } else {
            windows.put(id, window);
        }
        version.incrementAndGet();
    }

    public int size() {
        return windows.size();
    }

    /**
     * The windows of {@code hostId} and those covering {@code network} (see {@link
     * MaintenanceWindow#coversNetworkOf}), in store order.
     */
    public List<MaintenanceWindow> concerning(String hostId, Map<String, String> network) {
        Snapshot current = current();
        List<Ranked> ofHost = hostId == null ? List.of() : current.byHost().getOrDefault(hostId, List.of());
        if (current.network().isEmpty()) {
            return ofHost.isEmpty()
                    ? List.of()
                    : ofHost.stream().map(Ranked::window).toList();
        }
        List<MaintenanceWindow> concerning = new ArrayList<>(2);
        int h = 0;
        for (Ranked networkWindow : current.network()) {
            if (!networkWindow.window().coversNetworkOf(network)) {
                continue;
            }
            while (h < ofHost.size() && ofHost.get(h).rank() < networkWindow.rank()) {
                concerning.add(ofHost.get(h++).window());
            }
            concerning.add(networkWindow.window());
        }
        while (h < ofHost.size()) {
            concerning.add(ofHost.get(h++).window());
        }
        return concerning;
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current.version() == version.get()) {
            return current;
        }
        synchronized (this) {
            long at = version.get();
            if (snapshot.version() == at) {
                return snapshot;
            }
            List<MaintenanceWindow> all = new ArrayList<>(windows.values());
            all.sort(STORE_ORDER);
            Map<String, List<Ranked>> byHost = new HashMap<>();
            List<Ranked> network = new ArrayList<>();
            for (int rank = 0; rank < all.size(); rank++) {
                MaintenanceWindow window = all.get(rank);
                Ranked ranked = new Ranked(rank, window);
                if (window.hostId() != null) {
                    byHost.computeIfAbsent(window.hostId(), host -> new ArrayList<>(1))
                            .add(ranked);
                } else if (window.province() != null || window.carrier() != null) {
                    network.add(ranked);
                }
            }
            // a window may change while this was built: it is then built again at the next question
            snapshot = new Snapshot(at, byHost, List.copyOf(network));
            return snapshot;
        }
    }
}
