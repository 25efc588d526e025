package dev.posmon.alerting.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident as the correlator keeps it and the API shows it. Immutable; the correlator replaces it.
 *
 * @param onset        the start of the first anomalous window
 * @param detectedAt   when the incident was opened (decision time)
 * @param lastSeenAt   the end of the last anomalous window that belonged to it
 * @param quietWindows consecutive normal windows since the last anomalous one (for auto-resolve)
 * @param reopened     how often it relapsed within the cool-down
 * @param absorbed     symptoms it inhibited, e.g. {@code province=440000}
 */
public record Incident(
        String id,
        IncidentKind kind,
        Status status,
        Map<String, String> scope,
        Instant onset,
        Instant detectedAt,
        Instant lastSeenAt,
        Instant resolvedAt,
        long affectedTerminals,
        long failures,
        Map<String, Long> evidence,
        String action,
        int quietWindows,
        int reopened,
        List<Map<String, String>> absorbed) {

    public Incident {
        scope = Map.copyOf(scope);
        evidence = Map.copyOf(evidence);
        absorbed = List.copyOf(absorbed);
    }

    public enum Status { OPEN, ACKNOWLEDGED, RESOLVED }

    /** The contract's form of this incident (API, webhook, {@code incidents.v1}). */
    public dev.posmon.contract.incident.IncidentRecord toRecord() {
        return new dev.posmon.contract.incident.IncidentRecord(id, kind.name(), status.name(), scope, onset, detectedAt, resolvedAt,
                affectedTerminals, failures, evidence, action, reopened, absorbed);
    }

    public boolean active() {
        return status != Status.RESOLVED;
    }

    /** The key under which a relapse finds its incident again: kind and scope. */
    public String key() {
        return key(kind, scope);
    }

    static String key(IncidentKind kind, Map<String, String> scope) {
        return kind + new java.util.TreeMap<>(scope).toString();
    }

    Incident with(Status newStatus, Instant newResolvedAt, int newQuiet, int newReopened) {
        return new Incident(id, kind, newStatus, scope, onset, detectedAt, lastSeenAt, newResolvedAt, affectedTerminals, failures, evidence, action,
                newQuiet, newReopened, absorbed);
    }
}
