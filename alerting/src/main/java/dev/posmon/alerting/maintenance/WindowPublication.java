package dev.posmon.alerting.maintenance;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps {@code host.maintenance.v1} in step with the database, which is the record of declared windows.
 * A window is stored first and published after; one whose publication failed stays pending, and
 * {@link #retry()} sends it again until Kafka takes it. A newer version of the same window (a cancellation)
 * replaces the pending one, so the topic never ends on a state older than the database's. Plain: the sender
 * is a function that throws when Kafka did not acknowledge.
 */
public class WindowPublication {

    private final Consumer<MaintenanceWindow> sender;
    private final Map<String, MaintenanceWindow> pending = new LinkedHashMap<>();

    public WindowPublication(Consumer<MaintenanceWindow> sender) {
        this.sender = sender;
    }

    /** Publishes the window now; true if Kafka took it, false if it is left pending for {@link #retry()}. */
    public synchronized boolean publish(MaintenanceWindow window) {
        pending.put(window.id(), window);
        return send(window);
    }

    /** Leaves the window to {@link #retry()} without sending it now (at start, so that a broker away does not hold it up). */
    public synchronized void enqueue(MaintenanceWindow window) {
        pending.put(window.id(), window);
    }

    /**
     * Sends the pending windows, oldest first, and stops at the first that Kafka does not take (the rest would
     * wait for the same broker); answers how many are still pending.
     */
    public synchronized int retry() {
        for (MaintenanceWindow window : List.copyOf(pending.values())) {
            if (!send(window)) {
                break;
            }
        }
        return pending.size();
    }

    public synchronized int pending() {
        return pending.size();
    }

    private boolean send(MaintenanceWindow window) {
        try {
            sender.accept(window);
        } catch (RuntimeException e) {
            return false;
        }
        pending.remove(window.id(), window);
        return true;
    }
}
