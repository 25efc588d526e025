package dev.posmon.analytics.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import java.time.Instant;
import java.util.List;

/**
 * What analytics remembers of one terminal, in the persistent store {@code terminal-state}: enough to
 * detect STUCK and SIGNON_LOOP, and to answer the diagnosis API.
 *
 * @param firstFailureAt  the first failure since the last success, or null
 * @param recentSignOns   event times of the successful sign-ons in the loop window (and the last 15 minutes)
 * @param recentAttempts  the last few attempts, newest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminalState(
        String terminalId,
        String province,
        String hostId,
        Instant lastAttemptAt,
        Instant lastSuccessAt,
        Instant firstFailureAt,
        int consecutiveFailures,
        Cause currentCause,
        List<Instant> recentSignOns,
        Health health,
        Instant healthSince,
        List<AttemptSummary> recentAttempts) {

    public TerminalState {
        recentSignOns = List.copyOf(recentSignOns);
        recentAttempts = recentAttempts instanceof RecentAttempts encoded ? encoded : List.copyOf(recentAttempts);
    }

    public enum Health {
        OK,
        STUCK,
        SIGNON_LOOP
    }

    /** One attempt as the diagnosis shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptSummary(
            String eventId,
            Instant occurredAt,
            String hostId,
            String outcome,
            String stage,
            String responseCode,
            String transportError,
            String localError,
            Integer signalDbm,
            String appVersion,
            String firmwareVersion,
            Cause cause,
            Evidence evidence) {}

    static TerminalState fresh(String terminalId) {
        return new TerminalState(
                terminalId, null, null, null, null, null, 0, null, List.of(), Health.OK, null, List.of());
    }
}
