package dev.posmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerTest {

    private static final Scenario MORNING = Scenario.parse("clock: {startLocal: '08:00', duration: PT3H}");

    @Test
    void theTimelineStartsAtTheLocalStartTimeOnTheLatestDayThatEndsInThePast() {
        Instant now = Instant.parse("2026-11-26T09:00:00Z"); // 17:00 in Shanghai
        Instant start = Runner.timelineStart(List.of(MORNING), now, Duration.ofMinutes(10), null);
        assertThat(start).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        Instant early = Instant.parse("2026-11-26T02:00:00Z"); // 10:00 in Shanghai: today's 08:00-11:00 has not ended
        assertThat(Runner.timelineStart(List.of(MORNING), early, Duration.ofMinutes(10), null))
                .isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(start.atZone(Runner.ZONE).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
    }

    @Test
    void theTimelineStartsAfterWhereAnEarlierRunLeftThePipelinesEventTime() {
        Instant now = Instant.parse("2026-11-26T09:00:00Z");
        Instant notBefore = Instant.parse("2026-11-26T01:30:20Z");
        assertThat(Runner.timelineStart(List.of(MORNING), now, Duration.ofMinutes(10), notBefore))
                .isEqualTo(Instant.parse("2026-11-26T01:31:00Z"));
        assertThatThrownBy(() -> Runner.timelineStart(
                        List.of(MORNING), now, Duration.ofMinutes(10), Instant.parse("2026-11-26T07:00:00Z")))
                .hasMessageContaining("no longer fits");
    }

    @Test
    void theSimulatedClockRunsAtItsSpeed() {
        SimClock clock = new SimClock(Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-11-26T12:00:00Z"), 90);
        assertThat(clock.simulatedAt(Instant.parse("2026-11-26T12:01:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T01:30:00Z"));
        assertThat(clock.wallAt(Instant.parse("2026-11-25T01:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-26T12:01:00Z"));
    }
}
