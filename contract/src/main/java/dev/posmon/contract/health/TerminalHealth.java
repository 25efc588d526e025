package dev.posmon.contract.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posmon.contract.classify.Cause;
import java.time.Instant;

/**
 * A change of a terminal's sign-on health, on {@code terminal.health.v1} keyed by terminalId.
 *
 * @param since  when the condition began: the first failure since the last success (STUCK), the first
 *               sign-on of the loop (SIGNON_LOOP), the success that ended it (RECOVERED)
 * @param at     the event time of the attempt that made the transition
 * @param cause  the current failure cause (STUCK), or the one the terminal recovered from
 * @param merchantId the terminal's merchant in the registry, when known (for the weekly report's worst merchants)
 * @param acquirer   the acquirer the terminal is registered under, when known (the weekly report of one acquirer)
 * @param carrier    the attempt's carrier as the cube counts it (the mobile carrier, else the network type), and
 * @param model      the terminal's model and
 * @param firmware   the attempt's firmware and
 * @param app        its app version: with province and host, every dimension of an incident's scope, so that
 *                   alerting can list the terminals an incident hit
 * @param region     the terminal's GB/T 2260 region code in the registry (440305; UNKNOWN when unregistered), by which
 *                   alerting names the city of a terminal an incident hit; absent from analytics before it was added
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminalHealth(
        String terminalId,
        State state,
        Instant since,
        Instant at,
        Cause cause,
        int consecutiveFailures,
        int signOnsInWindow,
        String province,
        String host,
        String merchantId,
        String acquirer,
        String carrier,
        String model,
        String firmware,
        String app,
        String region) {

    /** A change of a terminal of no known acquirer. */
    public TerminalHealth(
            String terminalId,
            State state,
            Instant since,
            Instant at,
            Cause cause,
            int consecutiveFailures,
            int signOnsInWindow,
            String province,
            String host,
            String merchantId) {
        this(
                terminalId,
                state,
                since,
                at,
                cause,
                consecutiveFailures,
                signOnsInWindow,
                province,
                host,
                merchantId,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public enum State {
        /**
         * Its first failure since it last signed on (or ever): a failure episode begins. Alerting keeps these to list the
         * terminals an incident hit; RECOVERED ends the episode.
         */
        FAILING,
        /** Attempting to sign on, no success for longer than the configured time. */
        STUCK,
        /** Signing on successfully again and again: more than N sign-ons within M minutes. */
        SIGNON_LOOP,
        /** Back to normal after FAILING, STUCK or SIGNON_LOOP: a successful sign-on. */
        RECOVERED
    }
}
