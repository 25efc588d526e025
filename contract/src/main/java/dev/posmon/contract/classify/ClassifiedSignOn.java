package dev.posmon.contract.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import java.time.Instant;
import java.util.UUID;

/**
 * What analytics decided about one sign-on attempt, as carried on {@code signon.classified.v2}, keyed by terminalId:
 * the attempt's identity and outcome, its terminal's region, merchant, model and acquirer from the registry, and,
 * when it failed, its cause and the evidence. It does not repeat the attempt ({@code signon.attempts.v1} has it, by
 * eventId): v1 carried the whole {@link ClassifiedAttempt}, about 700 bytes of JSON per attempt, and writing it was a
 * tenth of analytics' CPU.
 *
 * @param province 6-digit province code from the registry's region code, or UNKNOWN
 * @param cause    null for a success
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifiedSignOn(
        UUID eventId,
        String terminalId,
        Instant occurredAt,
        Outcome outcome,
        String hostId,
        boolean registered,
        String province,
        String city,
        String merchantId,
        String model,
        String acquirer,
        Cause cause,
        Evidence evidence) {

    public static ClassifiedSignOn of(ClassifiedAttempt classified) {
        var attempt = classified.attempt();
        return new ClassifiedSignOn(
                attempt.eventId(),
                attempt.terminalId(),
                attempt.occurredAt(),
                attempt.outcome(),
                attempt.hostId(),
                classified.registered(),
                classified.province(),
                classified.city(),
                classified.merchantId(),
                classified.model(),
                classified.acquirer(),
                classified.cause(),
                classified.evidence());
    }

    public boolean failed() {
        return outcome == Outcome.FAILURE;
    }
}
