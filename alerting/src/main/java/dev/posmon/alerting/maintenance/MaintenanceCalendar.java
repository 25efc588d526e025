package dev.posmon.alerting.maintenance;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared maintenance windows of every host (one-off or recurring by RFC 5545 rules in an IANA zone,
 * see {@link MaintenanceWindow}), and which one covers a host at a moment. Plain class.
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
        for (MaintenanceWindow window : windows.values()) {
            if (window.hostId().equals(host)) {
                Instant end = window.occurrenceEndCovering(at);
                if (end != null) {
                    return Optional.of(new Covering(window, end));
                }
            }
        }
        return Optional.empty();
    }
}
