package dev.posmon.alerting.notify;

import java.time.Duration;

/**
 * How the outbox is delivered: timeouts of one attempt, the claim lease, the pace of a receiver's worker and the
 * retry backoff. The lease must outlast the longest attempt (connect plus request timeout): were it shorter, a
 * second replica could take over a row whose first send is still in flight and send a newer state before it.
 * Plain record.
 */
public record DeliverySettings(
        Duration connectTimeout,
        Duration requestTimeout,
        Duration claimLease,
        Duration pollInterval,
        Duration initialBackoff,
        Duration maxBackoff) {

    public DeliverySettings {
        for (Duration d :
                new Duration[] {connectTimeout, requestTimeout, claimLease, pollInterval, initialBackoff, maxBackoff}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("posmon.notify: every duration must be positive, got " + d);
            }
        }
        Duration longestAttempt = connectTimeout.plus(requestTimeout);
        if (claimLease.compareTo(longestAttempt) <= 0) {
            throw new IllegalArgumentException(
                    "posmon.notify.claim-lease (" + claimLease + ") must exceed connect-timeout plus request-timeout ("
                            + longestAttempt + "), or another replica could send a row while this one still is");
        }
    }

    /** The longest one delivery attempt may take before it is abandoned. */
    public Duration longestAttempt() {
        return connectTimeout.plus(requestTimeout);
    }

    /** Delay before the next attempt after the {@code attempts}-th failed one: initial, doubling, at most max. */
    public Duration backoff(int attempts) {
        long millis = initialBackoff.toMillis() << Math.min(Math.max(attempts, 1) - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
