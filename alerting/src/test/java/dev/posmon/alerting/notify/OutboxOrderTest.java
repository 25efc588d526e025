package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.notify.OutboxOrder.Action;
import dev.posmon.alerting.notify.OutboxOrder.Decision;
import dev.posmon.alerting.notify.OutboxOrder.Pending;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class OutboxOrderTest {

    static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private final OutboxOrder order = new OutboxOrder(Clock.fixed(NOW, ZoneOffset.UTC));

    static Pending row(long id, String incident, String receiver, Duration dueIn) {
        return new Pending(id, incident, receiver, NOW.plus(dueIn));
    }

    @Test
    void aFiringRowInBackoffIsSupersededByTheResolvedRowAndNeverSent() {
        // Alertmanager was down: the "firing" row (1) and a re-send (2) wait for their retries; then "resolved" (3)
        Pending firing = row(1, "inc-1", Notifications.ALERTMANAGER, Duration.ofSeconds(20));
        Pending resend = row(2, "inc-1", Notifications.ALERTMANAGER, Duration.ofSeconds(-5));
        Pending resolved = row(3, "inc-1", Notifications.ALERTMANAGER, Duration.ZERO);
        List<Decision> decisions = order.decide(List.of(resolved, firing, resend));
        assertThat(decisions)
                .extracting(d -> d.row().id(), Decision::action, Decision::supersededBy)
                .containsExactly(
                        Tuple.tuple(1L, Action.SUPERSEDE, 3L),
                        Tuple.tuple(2L, Action.SUPERSEDE, 3L),
                        Tuple.tuple(3L, Action.SEND, null));
    }

    @Test
    void theNewestRowWaitsForItsRetryAndStillSupersedesTheOlderDueOnes() {
        Pending olderDue = row(4, "inc-1", Notifications.WEBHOOK, Duration.ofSeconds(-30));
        Pending newestInBackoff = row(9, "inc-1", Notifications.WEBHOOK, Duration.ofSeconds(8));
        List<Decision> decisions = order.decide(List.of(olderDue, newestInBackoff));
        assertThat(decisions).extracting(Decision::action).containsExactly(Action.SUPERSEDE, Action.WAIT);
        assertThat(decisions.get(1).reason()).contains("next attempt at");
    }

    @Test
    void incidentsAndReceiversAreOrderedIndependently() {
        List<Decision> decisions = order.decide(List.of(
                row(1, "inc-1", Notifications.ALERTMANAGER, Duration.ZERO),
                row(2, "inc-1", Notifications.WEBHOOK, Duration.ZERO),
                row(3, "inc-2", Notifications.ALERTMANAGER, Duration.ZERO),
                row(4, "inc-1", Notifications.TOPIC, Duration.ZERO),
                row(5, "inc-2", Notifications.ALERTMANAGER, Duration.ZERO)));
        assertThat(decisions)
                .extracting(Decision::action)
                .containsExactly(Action.SEND, Action.SEND, Action.SUPERSEDE, Action.SEND, Action.SEND);
        assertThat(decisions)
                .filteredOn(d -> d.action() == Action.SEND)
                .extracting(d -> d.row().id())
                .as("sent oldest first")
                .containsExactly(1L, 2L, 4L, 5L);
    }

    @Test
    void nothingPendingDecidesNothing() {
        assertThat(order.decide(List.of())).isEmpty();
    }
}
