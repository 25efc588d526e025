package dev.posmon.alerting.notify;

import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One receiver's delivery round: its live rows are ordered ({@link OutboxOrder}), the obsolete ones superseded, and
 * each due newest row claimed ({@link OutboxStore#claim}), sent and settled (delivered, or retried after a backoff).
 * Every receiver has its own worker on its own thread, so a receiver that hangs until the request timeout delays its
 * own rows only; rows are claimed one at a time, just before they are sent, so a lease covers one attempt. Plain
 * class: the service runs it on a schedule, the tests run two against one database.
 */
public final class ReceiverWorker {

    private static final Logger LOG = Logger.getLogger(ReceiverWorker.class);
    /** Live rows read per round; more wait for the next (older first, so order holds either way). */
    static final int PENDING_READ = 1000;

    static final int SENDS_PER_ROUND = 100;

    /** Sends one claimed row to the receiver. */
    @FunctionalInterface
    public interface Sender {
        /** @return null when the receiver took it, else why not */
        String send(OutboxStore.Row row, String idempotencyKey) throws InterruptedException;
    }

    /** What became of rows, for the metrics. */
    public interface Outcomes {
        void count(String receiver, String result);
    }

    private final String receiver;
    private final OutboxStore store;
    private final Sender sender;
    private final DeliverySettings settings;
    private final Clock clock;
    private final String replica;
    private final Outcomes outcomes;
    private final OutboxOrder order;

    public ReceiverWorker(
            String receiver,
            OutboxStore store,
            Sender sender,
            DeliverySettings settings,
            Clock clock,
            String replica,
            Outcomes outcomes) {
        this.receiver = receiver;
        this.store = store;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.replica = replica;
        this.outcomes = outcomes;
        this.order = new OutboxOrder(clock);
    }

    public String receiver() {
        return receiver;
    }

    /** One round; the number of rows the receiver took. Throws when the database cannot be reached. */
    public int round() throws InterruptedException {
        List<OutboxOrder.Decision> decisions = order.decide(store.pending(receiver, PENDING_READ));
        // obsolete rows first: a stale state must not go out after this round
        for (OutboxOrder.Decision d : decisions) {
            if (d.action() == OutboxOrder.Action.SUPERSEDE
                    && store.supersede(d.row().id(), d.supersededBy(), clock.instant())) {
                outcomes.count(receiver, "superseded");
                LOG.debugf("notification %d superseded: %s", d.row().id(), d.reason());
            }
        }
        int delivered = 0;
        List<OutboxOrder.Decision> due = decisions.stream()
                .filter(d -> d.action() == OutboxOrder.Action.SEND)
                .limit(SENDS_PER_ROUND)
                .toList();
        for (OutboxOrder.Decision d : due) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("delivery to " + receiver + " stopped");
            }
            OutboxStore.Claim claim = store.claim(d.row().id(), replica, settings.claimLease());
            if (!claim.granted()) {
                LOG.debugf(
                        "notification %d not claimed: %s",
                        d.row().id(), claim.verdict().reason());
                continue;
            }
            if (attempt(claim.row())) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean attempt(OutboxStore.Row row) throws InterruptedException {
        String error;
        try {
            error = sender.send(row, IdempotencyKey.of(row.id(), row.incidentId(), row.receiver(), row.payload()));
        } catch (RuntimeException e) {
            // a row that cannot be read or sent (not JSON, say) fails like any attempt: it backs off, the others go on
            error = e.toString();
        }
        if (error == null) {
            store.delivered(row.id(), replica, clock.instant());
            outcomes.count(receiver, "delivered");
            return true;
        }
        outcomes.count(receiver, "failed");
        LOG.debugf("notification %d to %s failed: %s", row.id(), receiver, error);
        if (!store.failed(row.id(), replica, error, clock.instant().plus(settings.backoff(row.attempts() + 1)))) {
            LOG.infof(
                    "notification %d to %s failed after this replica's claim lapsed; the replica holding it now decides",
                    row.id(), receiver);
        }
        return false;
    }
}
