package dev.posmon.contract.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident as alerting publishes it on {@code incidents.v1} (keyed by id; the latest state wins) and
 * shows it in its API and webhook (alerting/README.md, API).
 *
 * @param scope    dimension → value in the cube's names ({@code province, host, carrier, model, firmware})
 * @param affectedTerminals distinct terminals in scope that failed to sign on during the incident (exact up to 100,000,
 *                 a HyperLogLog estimate above)
 * @param stillFailing terminals in scope whose latest attempt failed
 * @param failures failed sign-ons in scope during the incident; absent (like the evidence) where a credential bound
 *                 to acquirers reads an incident that also hit others ({@link #seenBy})
 * @param evidence the most frequent causes, codes or transport errors → count
 * @param absorbed the symptom scopes this incident inhibited
 * @param detectedAt when alerting opened it (wall clock)
 * @param detectedWindowEnd the end of the window (event time) whose judgement opened it; onset to this is the time to
 *                 detect in event time (absent for incidents stored before alerting recorded it)
 * @param acquirers the acquirers (tenants) whose terminals it hit, sorted: a credential bound to acquirers sees the
 *                 incident if it hit one of them, and in the API only those of its own acquirers; empty when it hit
 *                 none registered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentRecord(
        String id,
        String kind,
        String status,
        Map<String, String> scope,
        Instant onset,
        Instant detectedAt,
        Instant detectedWindowEnd,
        Instant resolvedAt,
        long affectedTerminals,
        long stillFailing,
        Long failures,
        Map<String, Long> evidence,
        String action,
        int reopened,
        List<Map<String, String>> absorbed,
        List<String> acquirers) {

    public IncidentRecord {
        acquirers = acquirers == null ? List.of() : List.copyOf(acquirers);
    }

    /** The same incident with its recommended action in other words (another language). */
    public IncidentRecord withAction(String other) {
        return new IncidentRecord(
                id,
                kind,
                status,
                scope,
                onset,
                detectedAt,
                detectedWindowEnd,
                resolvedAt,
                affectedTerminals,
                stillFailing,
                failures,
                evidence,
                other,
                reopened,
                absorbed,
                acquirers);
    }

    /**
     * The incident as a credential bound to acquirers sees it when it also hit other acquirers: only its own acquirers
     * ({@code visible}), its own terminals' counts, and neither the failures nor the evidence, which are counted over
     * every acquirer's terminals, so that an incident of several tenants tells none of them about another.
     */
    public IncidentRecord seenBy(List<String> visible, long ownAffected, long ownStillFailing) {
        return new IncidentRecord(
                id,
                kind,
                status,
                scope,
                onset,
                detectedAt,
                detectedWindowEnd,
                resolvedAt,
                ownAffected,
                ownStillFailing,
                null,
                null,
                action,
                reopened,
                absorbed,
                visible);
    }

    /** An incident of no known acquirer. */
    public IncidentRecord(
            String id,
            String kind,
            String status,
            Map<String, String> scope,
            Instant onset,
            Instant detectedAt,
            Instant detectedWindowEnd,
            Instant resolvedAt,
            long affectedTerminals,
            long stillFailing,
            long failures,
            Map<String, Long> evidence,
            String action,
            int reopened,
            List<Map<String, String>> absorbed) {
        this(
                id,
                kind,
                status,
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
                List.of());
    }
}
