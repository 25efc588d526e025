package dev.posmon.analytics.terminal;

import dev.posmon.contract.event.Telemetry;

/**
 * Everything analytics keeps of one terminal, in one entry of the persistent store {@code terminals}: its state (for
 * STUCK, SIGNON_LOOP and the diagnosis), its latest telemetry (evidence for classifying its failures, and the
 * diagnosis), and the attempts it sent within the dedup horizon. One store read and one write (one changelog record)
 * per event, where three stores took up to three of each. Values in {@link TerminalEntrySerde}'s binary form.
 *
 * @param state       null until the terminal's first sign-on attempt
 * @param telemetryAt occurredAt of the latest telemetry in epoch milliseconds, {@link Long#MIN_VALUE} when none
 * @param telemetry   the latest telemetry in {@link TelemetryCodec}'s form, decoded only when read; null when none
 * @param legacySeenUpTo for a terminal moved from the old stores, the time of its last attempt before the move (epoch
 *                    ms): an attempt up to then is also looked up in the old dedup store; {@link Long#MIN_VALUE}: none
 */
public record TerminalEntry(
        TerminalState state, long telemetryAt, byte[] telemetry, SeenEvents seen, long legacySeenUpTo) {

    public static TerminalEntry empty() {
        return new TerminalEntry(null, Long.MIN_VALUE, null, new SeenEvents(), Long.MIN_VALUE);
    }

    /**
     * The entry of a terminal moved from the stores of the layout before this one: its state, its latest telemetry, and
     * that its attempts up to its last one before the move may be in the old dedup store only.
     */
    public static TerminalEntry moved(TerminalState state, Telemetry telemetry) {
        TerminalEntry entry = telemetry == null ? empty() : empty().withTelemetry(telemetry);
        long seenUpTo = state == null || state.lastAttemptAt() == null
                ? Long.MIN_VALUE
                : state.lastAttemptAt().toEpochMilli();
        return new TerminalEntry(state, entry.telemetryAt(), entry.telemetry(), entry.seen(), seenUpTo);
    }

    /** The latest telemetry, or null. */
    public Telemetry latestTelemetry() {
        return telemetry == null ? null : TelemetryCodec.decode(telemetry);
    }

    /** This entry with a telemetry sample, unless it already holds a newer one. */
    public TerminalEntry withTelemetry(Telemetry sample) {
        long at = sample.occurredAt().toEpochMilli();
        if (telemetry != null && at < telemetryAt) {
            return this;
        }
        return new TerminalEntry(state, at, TelemetryCodec.encode(sample), seen, legacySeenUpTo);
    }

    public TerminalEntry withState(TerminalState next) {
        return new TerminalEntry(next, telemetryAt, telemetry, seen, legacySeenUpTo);
    }
}
