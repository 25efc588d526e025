package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowBufferTest {

    static final Instant T0 = Instant.parse("2026-11-26T02:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final WindowBuffer buffer = new WindowBuffer(Duration.ofSeconds(3), clock);

    static Instant minute(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    @Test
    void handsOverAWindowOnceItsCellsHaveSettled() {
        buffer.arrived(minute(0), minute(1));
        clock.advance(Duration.ofSeconds(2));
        buffer.arrived(minute(0), minute(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(buffer.settled()).as("a cell arrived 2 s ago").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(buffer.settled()).containsExactly(new WindowBuffer.Window(minute(0), minute(1)));
    }

    @Test
    void keepsAWindowPendingUntilItsJudgementIsCommitted() {
        buffer.arrived(minute(0), minute(1));
        clock.advance(Duration.ofSeconds(5));
        WindowBuffer.Window window = buffer.settled().get(0);
        assertThat(buffer.settled()).as("not judged yet: handed over again").containsExactly(window);
        assertThat(buffer.isJudged(minute(0))).isFalse();
        buffer.judged(window);
        assertThat(buffer.settled()).isEmpty();
        assertThat(buffer.isJudged(minute(0))).as("its later cells are late").isTrue();
        assertThat(buffer.pending()).isZero();
    }

    @Test
    void aWindowFarAheadDoesNotMakeTheNextOneLate() {
        buffer.arrived(minute(600), minute(601));
        clock.advance(Duration.ofSeconds(5));
        buffer.settled().forEach(buffer::judged);
        buffer.arrived(minute(1), minute(2));
        assertThat(buffer.isJudged(minute(1))).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(buffer.settled()).extracting(WindowBuffer.Window::start).containsExactly(minute(1));
    }

    @Test
    void restoresPendingWindowsThatSettleAnewAndRemembersJudgedOnes() {
        buffer.arrived(minute(9), minute(10));
        buffer.restore(Map.of(minute(3), minute(4), minute(2), minute(3)), List.of(minute(0), minute(1)));
        assertThat(buffer.pending())
                .as("what the database holds replaces what was buffered")
                .isEqualTo(2);
        assertThat(buffer.settled())
                .as("restored windows wait the settle time again")
                .isEmpty();
        assertThat(buffer.isJudged(minute(1))).isTrue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(buffer.settled()).extracting(WindowBuffer.Window::start).containsExactly(minute(2), minute(3));
        buffer.forgetJudgedBefore(minute(1));
        assertThat(buffer.isJudged(minute(0))).isFalse();
        assertThat(buffer.isJudged(minute(1))).isTrue();
    }
}
