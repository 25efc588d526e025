package dev.posmon.alerting.incident;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.incident.IncidentRecord;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An incident as the correlator keeps it and the API shows it. Immutable; the correlator replaces it.
 *
 * @param onset             the start of the first anomalous window
 * @param detectedAt        when the incident was opened (decision time, wall clock)
 * @param detectedWindowEnd the end of the window (event time) whose judgement opened it; what MTTD is measured to
 * @param lastSeenAt        the end of the last anomalous window that belonged to it
 * @param affectedTerminals distinct terminals in scope that failed to sign on during the incident ({@link TerminalTally})
 * @param stillFailing      terminals in scope whose latest attempt failed
 * @param quietWindows      consecutive normal windows since the last anomalous one (for auto-resolve)
 * @param reopened          how often it relapsed within the cool-down
 * @param absorbed          symptoms it inhibited, e.g. {@code province=440000}
 * @param causes            failures by cause over all its windows: what decides a host incident's kind
 * @param tally             the terminal sets behind the two counts
 * @param acquirers         the acquirers whose terminals failed in its windows (united over them), sorted
 * @param actions           the recommended action in every language, by language tag ({@code action} is the one in
 *                          the installation's language, the one pages carry); empty for incidents from before
 */
public record Incident(
        String id,
        IncidentKind kind,
        Status status,
        Map<String, String> scope,
        Instant onset,
        Instant detectedAt,
        Instant detectedWindowEnd,
        Instant lastSeenAt,
        Instant resolvedAt,
        long affectedTerminals,
        long stillFailing,
        long failures,
        Map<String, Long> evidence,
        String action,
        int quietWindows,
        int reopened,
        List<Map<String, String>> absorbed,
        Map<Cause, Long> causes,
        TerminalTally tally,
        SortedSet<String> acquirers,
        Map<String, String> actions) {

    public Incident {
        scope = Map.copyOf(scope);
        evidence = Map.copyOf(evidence);
        absorbed = List.copyOf(absorbed);
        causes = Map.copyOf(causes);
        tally = tally == null ? TerminalTally.ofCount(affectedTerminals) : tally;
        acquirers = acquirers == null
                ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(acquirers));
        actions = actions == null ? Map.of() : Map.copyOf(actions);
    }

    /** An incident that hit no known acquirer. */
    public Incident(
            String id,
            IncidentKind kind,
            Status status,
            Map<String, String> scope,
            Instant onset,
            Instant detectedAt,
            Instant detectedWindowEnd,
            Instant lastSeenAt,
            Instant resolvedAt,
            long affectedTerminals,
            long stillFailing,
            long failures,
            Map<String, Long> evidence,
            String action,
            int quietWindows,
            int reopened,
            List<Map<String, String>> absorbed,
            Map<Cause, Long> causes,
            TerminalTally tally) {
        this(
                id,
                kind,
                status,
                scope,
                onset,
                detectedAt,
                detectedWindowEnd,
                lastSeenAt,
                resolvedAt,
                affectedTerminals,
                stillFailing,
                failures,
                evidence,
                action,
                quietWindows,
                reopened,
                absorbed,
                causes,
                tally,
                null,
                null);
    }

    public enum Status {
        OPEN,
        ACKNOWLEDGED,
        RESOLVED
    }

    /** The contract's form of this incident with its action in {@code language} (as recorded, if it has no other). */
    public IncidentRecord toRecord(Language language) {
        String translated = actions.get(language.tag());
        return translated == null ? toRecord() : toRecord().withAction(translated);
    }

    /** The contract's form of this incident (API, webhook, {@code incidents.v1}). */
    public IncidentRecord toRecord() {
        return new IncidentRecord(
                id,
                kind.name(),
                status.name(),
                scope,
                onset,
                detectedAt,
                detectedWindowEnd,
                resolvedAt,
                affectedTerminals,
                stillFailing,
                failures,
                evidence,
                action,
                reopened,
                absorbed,
                List.copyOf(acquirers));
    }

    public boolean active() {
        return status != Status.RESOLVED;
    }

    /** The key under which a mild finding waits for its second window: kind and scope. */
    public String key() {
        return key(kind, scope);
    }

    static String key(IncidentKind kind, Map<String, String> scope) {
        return kind + new TreeMap<>(scope).toString();
    }

    Incident with(Status newStatus, Instant newResolvedAt, int newQuiet, int newReopened) {
        return new Incident(
                id,
                kind,
                newStatus,
                scope,
                onset,
                detectedAt,
                detectedWindowEnd,
                lastSeenAt,
                newResolvedAt,
                affectedTerminals,
                stillFailing,
                failures,
                evidence,
                action,
                newQuiet,
                newReopened,
                absorbed,
                causes,
                tally,
                acquirers,
                actions);
    }

    /** The same incident with its terminal counts moved on. */
    Incident with(TerminalTally newTally) {
        return new Incident(
                id,
                kind,
                status,
                scope,
                onset,
                detectedAt,
                detectedWindowEnd,
                lastSeenAt,
                resolvedAt,
                newTally.affected(),
                newTally.stillFailing(),
                failures,
                evidence,
                action,
                quietWindows,
                reopened,
                absorbed,
                causes,
                newTally,
                acquirers,
                actions);
    }
}
