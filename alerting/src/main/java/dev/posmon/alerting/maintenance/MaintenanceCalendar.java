package dev.posmon.alerting.maintenance;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The declared maintenance windows of hosts and networks (one-off or recurring by RFC 5545 rules in an IANA zone,
 * see {@link MaintenanceWindow}), and which one covers a host, or a scope's network, at a moment. Plain class.
 */
public final class MaintenanceCalendar {

    private final Map<String, MaintenanceWindow> windows = new ConcurrentHashMap<>();

    /** A window covering a moment, and when that occurrence ends. */
    public record Covering(MaintenanceWindow window, Instant occurrenceEnd) {}

    public void put(MaintenanceWindow window) {
        windows.put(window.id(), window);
    }

    public void remove(String id) {
        windows.remove(id);
    }

    public Collection<MaintenanceWindow> all() {
        return List.copyOf(windows.values());
    }

    /** The declared window of {@code host} covering {@code at}, if any (cancelled windows cover nothing). */
    public Optional<Covering> covering(String host, Instant at) {
        return covering(window -> window.ofHost(host), at);
    }

    /**
     * The declared network window (a province's, a carrier's, or a carrier's in a province) covering a scope of the
     * cube at {@code at}, if any: see {@link MaintenanceWindow#coversNetworkOf}.
     */
    public Optional<Covering> coveringNetwork(Map<String, String> scope, Instant at) {
        return covering(window -> window.coversNetworkOf(scope), at);
    }

    private Optional<Covering> covering(Predicate<MaintenanceWindow> scoped, Instant at) {
        for (MaintenanceWindow window : windows.values()) {
            if (scoped.test(window)) {
                Instant end = window.occurrenceEndCovering(at);
                if (end != null) {
                    return Optional.of(new Covering(window, end));
                }
            }
        }
        return Optional.empty();
    }
}
