package dev.posmon.analytics.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.registry.TerminalRecord;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "why can't terminal X sign on?": its current state, its last attempts with cause and
 * evidence, its latest telemetry, and the advice that follows.
 *
 * @param status     SIGNING_ON, FAILING, STUCK, SIGNON_LOOP or NO_ATTEMPTS_SEEN
 * @param answeredBy the instance (host:port) that owns this terminal's state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(
        String terminalId,
        boolean registered,
        TerminalRecord terminal,
        String status,
        Instant statusSince,
        Instant lastAttemptAt,
        Instant lastSuccessAt,
        int consecutiveFailures,
        Cause currentCause,
        int signOnsLast15Minutes,
        List<AttemptSummary> recentAttempts,
        Telemetry latestTelemetry,
        Advice advice,
        String answeredBy) {}
