package dev.posmon.simulator;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.simulator.io.AlertingClient;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows incidents as they happen: polls alerting's {@code GET /v1/incidents} and prints each incident that
 * opened, changed status, kind or scope, or re-opened since the last look (kind, scope, affected and still failing
 * terminals, action).
 */
public final class IncidentWatch {

    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final AlertingClient alerting;
    private final PrintStream out;
    private final Map<String, String> seen = new HashMap<>();

    public IncidentWatch(AlertingClient alerting, PrintStream out) {
        this.alerting = alerting;
        this.out = out;
    }

    /** Remembers what is there now without printing it (incidents of earlier runs). */
    public void baseline() {
        alerting.incidents().forEach(i -> seen.put(i.id(), state(i)));
    }

    /** One look: prints what changed. */
    public void poll() {
        List<IncidentRecord> incidents = alerting.incidents();
        for (int k = incidents.size() - 1; k >= 0; k--) {
            IncidentRecord i = incidents.get(k);
            String state = state(i);
            String before = seen.put(i.id(), state);
            if (state.equals(before)) {
                continue;
            }
            String what = before == null
                    ? ("RESOLVED".equals(i.status()) ? "OPENED+RESOLVED" : "OPENED")
                    : before.startsWith(i.status() + "/" + i.reopened() + "/")
                            ? "CHANGED"
                            : i.reopened() > 0 && "OPEN".equals(i.status()) ? "RE-OPENED" : i.status();
            out.printf(
                    ">>> incident %-15s %-21s %s  onset %s (sim, +08:00)%s  %,d terminals affected (%,d still"
                            + " failing), %,d failures%n"
                            + "      action: %s%n",
                    what,
                    i.kind(),
                    i.scope(),
                    LOCAL.format(i.onset()),
                    i.resolvedAt() == null ? "" : ", resolved " + LOCAL.format(i.resolvedAt()),
                    i.affectedTerminals(),
                    i.stillFailing(),
                    i.failures(),
                    i.action());
        }
    }

    private static String state(IncidentRecord i) {
        return i.status() + "/" + i.reopened() + "/" + i.kind() + i.scope();
    }
}
