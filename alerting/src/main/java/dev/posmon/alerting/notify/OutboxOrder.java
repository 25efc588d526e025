package dev.posmon.alerting.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which undelivered outbox rows to send in this round. Each row carries the whole state of its incident, so per
 * incident and receiver only the newest row matters: the older ones are superseded and never sent. Were each row
 * retried on its own timer, an older "firing" retried after a receiver's outage could arrive after the newer
 * "resolved" and re-open the alert. The newest row waits for its own retry time; since it stays until a receiver
 * took it, the latest state always arrives. Rows are newer by id: the service writes them one transaction at a
 * time. Plain class.
 */
public final class OutboxOrder {

    /** An undelivered, not superseded outbox row, as far as ordering goes. */
    public record Pending(long id, String incidentId, String receiver, Instant nextAttemptAt) {}

    public enum Action {
        /** The newest state for its incident and receiver, due: deliver it now. */
        SEND,
        /** The newest state, but its retry time has not come. */
        WAIT,
        /** A newer row about the same incident to the same receiver exists: never send this one. */
        SUPERSEDE
    }

    /** @param supersededBy the newer row, for {@link Action#SUPERSEDE}; else null */
    public record Decision(Pending row, Action action, Long supersededBy, String reason) {}

    private final Clock clock;

    public OutboxOrder(Clock clock) {
        this.clock = clock;
    }

    /** One decision per row, in id order (the order to deliver the rows to SEND). */
    public List<Decision> decide(Collection<Pending> pending) {
        Instant now = clock.instant();
        Map<String, Pending> newest = new HashMap<>();
        for (Pending row : pending) {
            newest.merge(key(row), row, (a, b) -> a.id() >= b.id() ? a : b);
        }
        List<Pending> ordered = new ArrayList<>(pending);
        ordered.sort(Comparator.comparingLong(Pending::id));
        List<Decision> decisions = new ArrayList<>(ordered.size());
        for (Pending row : ordered) {
            Pending latest = newest.get(key(row));
            if (latest.id() != row.id()) {
                decisions.add(new Decision(
                        row,
                        Action.SUPERSEDE,
                        latest.id(),
                        "row " + latest.id() + " carries a newer state of " + row.incidentId() + " for "
                                + row.receiver()));
            } else if (row.nextAttemptAt().isAfter(now)) {
                decisions.add(new Decision(row, Action.WAIT, null, "next attempt at " + row.nextAttemptAt()));
            } else {
                decisions.add(new Decision(
                        row, Action.SEND, null, "the newest state of " + row.incidentId() + " for " + row.receiver()));
            }
        }
        return decisions;
    }

    private static String key(Pending row) {
        return row.receiver() + '\u0000' + row.incidentId();
    }
}
