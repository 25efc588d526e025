package dev.posmon.alerting.incident;

import dev.posmon.contract.classify.Cause;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One localized root cause of one anomalous window: its scope, how bad it was, and what the failures in
 * it were (by cause, and the top response codes / transport errors).
 *
 * @param failuresByCause failures inside the scope in this window, by cause
 * @param evidence        the most frequent codes and transport errors, e.g. {@code {"96": 412, "CONNECT_REFUSED": 37}}
 * @param hostShare       for a scope without a host: the share of its excess on each host (for inhibition)
 * @param acquirers       the acquirers whose terminals failed in the scope in this window (whom it concerns)
 */
public record Finding(
        Instant windowStart,
        Instant windowEnd,
        Map<String, String> scope,
        long attempts,
        long failures,
        double expectedFailures,
        long affectedTerminals,
        Map<Cause, Long> failuresByCause,
        Map<String, Long> evidence,
        Map<String, Double> hostShare,
        Set<String> acquirers) {

    public Finding {
        scope = Map.copyOf(scope);
        failuresByCause = Map.copyOf(failuresByCause);
        evidence = Map.copyOf(evidence);
        hostShare = Map.copyOf(hostShare);
        acquirers = acquirers == null ? Set.of() : Set.copyOf(acquirers);
    }

    /** A finding that concerns no known acquirer. */
    public Finding(
            Instant windowStart,
            Instant windowEnd,
            Map<String, String> scope,
            long attempts,
            long failures,
            double expectedFailures,
            long affectedTerminals,
            Map<Cause, Long> failuresByCause,
            Map<String, Long> evidence,
            Map<String, Double> hostShare) {
        this(
                windowStart,
                windowEnd,
                scope,
                attempts,
                failures,
                expectedFailures,
                affectedTerminals,
                failuresByCause,
                evidence,
                hostShare,
                Set.of());
    }

    /** The cause with the most failures in the scope. */
    public Cause dominantCause() {
        return failuresByCause.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(Cause.UNKNOWN);
    }

    public double share(Cause cause) {
        long total =
                failuresByCause.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? 0 : failuresByCause.getOrDefault(cause, 0L) / (double) total;
    }

    public double observedRatio() {
        return attempts == 0 ? 0 : (double) failures / attempts;
    }

    /**
     * Failed sign-ons a minute per failing terminal from which the terminals of a scope are looping: a terminal that
     * gives up after its usual two retries sends at most three a minute; one in a retry loop, one every 10 to 15 s.
     */
    public static final double LOOP_RETRIES = 4.0;

    /** Failed sign-ons per failing terminal in the window. */
    public double failuresPerTerminal() {
        return affectedTerminals == 0 ? 0 : (double) failures / affectedTerminals;
    }

    /** Whether the scope's failing terminals are retrying in a loop ({@link #LOOP_RETRIES}). */
    public boolean looping() {
        return failuresPerTerminal() >= LOOP_RETRIES;
    }

    /**
     * The share of a host's failures answered "in maintenance" from which the host is in maintenance: a front end that
     * says so while the parts behind it are down answers a mix of 90 and 96, and a coin toss between the two must not
     * decide the kind; a host that is down answers hardly any 90 (a few percent of its failures, from the cut-overs
     * of the day).
     */
    public static final double MAINTENANCE_SHARE = 0.4;

    /**
     * Whether the host-side failures (maintenance, unavailable, routing) are at least {@link #MAINTENANCE_SHARE}
     * maintenance answers.
     */
    public boolean maintenanceAnswers() {
        long maintenance = failuresByCause.getOrDefault(Cause.HOST_MAINTENANCE, 0L);
        long hostSide = failuresByCause.entrySet().stream()
                .filter(e -> e.getKey().hostSide())
                .mapToLong(Map.Entry::getValue)
                .sum();
        return hostSide > 0 && maintenance >= MAINTENANCE_SHARE * hostSide;
    }

    /** What a terminal reports when the host's sign-on answer names another merchant than its parameters. */
    public static final String MERCHANT_NAME_MISMATCH = "MERCHANT_NAME_MISMATCH";

    /**
     * Whether at least half the scope's failures are terminals that stopped on another merchant's name: a display
     * anomaly after the sign-on, across many terminals.
     */
    public boolean wrongMerchantNames() {
        return failures > 0 && evidence.getOrDefault(MERCHANT_NAME_MISMATCH, 0L) * 2 >= failures;
    }

    /** At least this share of a scope's attempts failing, nearly all host-side, is a total stop. */
    public static final double TOTAL_STOP = 0.99;

    /**
     * Every attempt in the scope failed (at least {@link #TOTAL_STOP} of them), and nearly all on the host's side
     * (refused connections, host timeouts, "system not available" answers): the host stopped answering at all.
     */
    public boolean totalStop() {
        long hostSide = failuresByCause.entrySet().stream()
                .filter(e -> e.getKey().hostSide())
                .mapToLong(Map.Entry::getValue)
                .sum();
        return attempts > 0 && observedRatio() >= TOTAL_STOP && failures > 0 && hostSide >= TOTAL_STOP * failures;
    }
}
