package dev.posmon.alerting.notify;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a replica may claim an outbox row for sending, judged over the live rows (neither delivered nor
 * superseded) of the row's incident and receiver, locked while this is decided. A claim is refused while any
 * row of that incident and receiver is claimed by someone (this replica included) under a lease that has not
 * run out: with at most one send in flight per incident and receiver across all replicas, a newer state cannot
 * overtake an older one still on the wire. It is also refused for a row that is not the newest live one any more
 * (a newer state came in since the round's read; the next round supersedes it). A lease that ran out counts as no
 * claim: its replica died or hangs, and the row must not wait for it. {@code now} is the database's clock, the
 * one clock all replicas share. Plain class.
 */
public final class ClaimRule {

    /** A live row of the incident and receiver, with its claim if any. */
    public record Live(long id, String claimedBy, Instant claimedUntil) {

        boolean heldAt(Instant now) {
            return claimedUntil != null && claimedUntil.isAfter(now);
        }
    }

    public enum Outcome {
        /** Claim it and send it. */
        CLAIM,
        /** Delivered or superseded meanwhile: nothing to send. */
        GONE,
        /** A newer live row of the same incident and receiver exists: that one is to be sent. */
        STALE,
        /** A claim on this or an older row of the incident and receiver is still running. */
        HELD
    }

    public record Verdict(Outcome outcome, String reason) {}

    private ClaimRule() {}

    public static Verdict decide(long target, List<Live> group, Instant now) {
        if (group.stream().noneMatch(row -> row.id() == target)) {
            return new Verdict(Outcome.GONE, "row " + target + " was delivered or superseded meanwhile");
        }
        for (Live row : group) {
            if (row.heldAt(now)) {
                return new Verdict(
                        Outcome.HELD,
                        "row " + row.id() + " is claimed by " + row.claimedBy() + " until " + row.claimedUntil());
            }
        }
        long newest = group.stream()
                .max(Comparator.comparingLong(Live::id))
                .orElseThrow()
                .id();
        if (newest != target) {
            return new Verdict(Outcome.STALE, "row " + newest + " carries a newer state");
        }
        return new Verdict(Outcome.CLAIM, "the newest state, unclaimed");
    }
}
