package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.notify.ClaimRule.Live;
import dev.posmon.alerting.notify.ClaimRule.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimRuleTest {

    static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    static Live free(long id) {
        return new Live(id, null, null);
    }

    @Test
    void theNewestUnclaimedRowIsClaimed() {
        assertThat(ClaimRule.decide(7, List.of(free(7)), NOW).outcome()).isEqualTo(Outcome.CLAIM);
    }

    @Test
    void aRowAnotherReplicaHoldsIsNotClaimedAgain() {
        var verdict = ClaimRule.decide(7, List.of(new Live(7, "replica-a", NOW.plusSeconds(20))), NOW);
        assertThat(verdict.outcome()).isEqualTo(Outcome.HELD);
        assertThat(verdict.reason()).contains("replica-a");
    }

    @Test
    void aNewerStateWaitsWhileAnOlderOneIsOnTheWire() {
        // replica A sends "firing" (row 7); "resolved" (row 9) must not overtake it from replica B
        assertThat(ClaimRule.decide(9, List.of(new Live(7, "replica-a", NOW.plusSeconds(20)), free(9)), NOW)
                        .outcome())
                .isEqualTo(Outcome.HELD);
    }

    @Test
    void aLapsedLeaseBlocksNothing() {
        // the replica holding row 7 died: after its lease the row is free again
        assertThat(ClaimRule.decide(7, List.of(new Live(7, "dead", NOW.minusMillis(1))), NOW)
                        .outcome())
                .isEqualTo(Outcome.CLAIM);
        assertThat(ClaimRule.decide(7, List.of(new Live(7, "dead", NOW)), NOW).outcome())
                .as("a lease ends at claimed_until")
                .isEqualTo(Outcome.CLAIM);
    }

    @Test
    void anOlderRowIsNotClaimedOnceANewerOneIsLive() {
        assertThat(ClaimRule.decide(7, List.of(free(7), free(9)), NOW).outcome())
                .isEqualTo(Outcome.STALE);
    }

    @Test
    void aRowDeliveredOrSupersededMeanwhileIsGone() {
        assertThat(ClaimRule.decide(7, List.of(free(9)), NOW).outcome()).isEqualTo(Outcome.GONE);
        assertThat(ClaimRule.decide(7, List.of(), NOW).outcome()).isEqualTo(Outcome.GONE);
    }
}
