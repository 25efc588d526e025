package dev.posmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

/** The retry around moving analytics' offsets, which ./posmon did with ConsumerGroupCommand and grep. */
class AnalyticsOffsetsTest {

    @Test
    void theMoveIsTriedAgainWhileTheStoppedMembersAreStillInTheGroup() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        int partitions = AnalyticsOffsets.untilMoved(Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
            switch (tries.incrementAndGet()) {
                case 1 -> throw new ExecutionException(new GroupNotEmptyException("members"));
                case 2 -> throw new ExecutionException(new UnknownMemberIdException("stale member"));
                default -> {
                    return 24;
                }
            }
        });
        assertThat(partitions).isEqualTo(24);
        assertThat(tries).hasValue(3);
    }

    @Test
    void anyOtherFailureEndsItAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> AnalyticsOffsets.untilMoved(Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
                    tries.incrementAndGet();
                    throw new ExecutionException(new TopicAuthorizationException("denied"));
                }))
                .isInstanceOf(ExecutionException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aGroupThatKeepsItsMembersFailsAfterTheTimeout() {
        assertThatThrownBy(() -> AnalyticsOffsets.untilMoved(Duration.ofMillis(50), Duration.ofMillis(10), () -> {
                    throw new ExecutionException(new GroupNotEmptyException("members"));
                }))
                .hasMessageContaining("still has members");
    }
}
