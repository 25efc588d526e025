package dev.posmon.analytics.terminal;

import java.time.Duration;

/**
 * Thresholds of the per-terminal rules.
 *
 * @param stuckAfter  attempting without a success for longer than this is STUCK (T)
 * @param loopSignOns more than this many successful sign-ons ... (N)
 * @param loopWindow  ... within this long is a SIGNON_LOOP (M)
 * @param keepAttempts how many recent attempts the state keeps for the diagnosis
 */
public record TerminalRules(Duration stuckAfter, int loopSignOns, Duration loopWindow, int keepAttempts) {

    /** Sign-ons are also counted over the last 15 minutes for the diagnosis. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    public static final TerminalRules DEFAULTS =
            new TerminalRules(Duration.ofMinutes(30), 5, Duration.ofMinutes(10), 5);
}
