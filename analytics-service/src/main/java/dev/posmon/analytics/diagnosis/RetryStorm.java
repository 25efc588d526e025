package dev.posmon.analytics.diagnosis;

import dev.posmon.analytics.terminal.TerminalState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A terminal retrying a failing sign-on again and again: at least {@link #MIN_FAILURES} failures in a row at a mean
 * interval under {@link #MAX_INTERVAL}. A terminal left alone retries a failed sign-on at most twice, seconds apart,
 * then waits for the next sign-on (the shop's opening, a reboot); one that keeps dialling every few seconds adds load
 * to a host that may already be struggling and empties its battery or data plan, and only switching it off (or fixing
 * its retry policy) stops it. Plain class.
 *
 * @param failedAttempts the failures in a row
 * @param since          the first of them
 * @param everySeconds   their mean interval, in whole seconds
 */
public record RetryStorm(int failedAttempts, Instant since, long everySeconds) {

    /** Fewer failures in a row are an ordinary retry chain or two. */
    static final int MIN_FAILURES = 10;

    /** A terminal that waits longer than this between attempts on average is not storming. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

    /** The terminal's storm, if its current run of failures is one. */
    static Optional<RetryStorm> of(TerminalState state) {
        int failures = state.consecutiveFailures();
        if (failures < MIN_FAILURES || state.firstFailureAt() == null || state.lastAttemptAt() == null) {
            return Optional.empty();
        }
        Duration run = Duration.between(state.firstFailureAt(), state.lastAttemptAt());
        Duration interval = run.dividedBy(failures - 1);
        return interval.compareTo(MAX_INTERVAL) < 0
                ? Optional.of(new RetryStorm(failures, state.firstFailureAt(), Math.max(1, interval.toSeconds())))
                : Optional.empty();
    }
}
