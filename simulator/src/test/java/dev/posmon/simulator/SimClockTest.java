package dev.posmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.simulator.scenario.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimClockTest {

    private static final Instant WALL = Instant.parse("2026-11-26T06:53:37Z");

    @Test
    void aRealTimeClockPlaysItsHistoryAcceleratedThenFollowsTheWallClock() {
        // 40 minutes of history at 80x, from the whole minute that lets it meet the wall clock about 40 minutes on
        SimClock clock = SimClock.realTime(WALL, Duration.ofMinutes(40), 80);
        assertThat(clock.realTime()).isTrue();
        assertThat(clock.simStart())
                .isEqualTo(Instant.parse("2026-11-26T06:14:00Z")); // 06:53:37 - 39:30 = 06:14:07, whole minute
        assertThat(clock.simulatedAt(WALL)).isEqualTo(clock.simStart());
        assertThat(clock.simulatedAt(WALL.plusSeconds(15)))
                .isEqualTo(clock.simStart().plusSeconds(15 * 80)); // accelerated
        Instant caughtUp = clock.caughtUpAt();
        assertThat(Duration.between(WALL, caughtUp).toMillis())
                .isBetween(30_000L, 30_300L); // 39:37 behind, gaining 79 s a second
        assertThat(Duration.between(clock.simStart(), caughtUp))
                .isBetween(Duration.ofMinutes(40), Duration.ofMinutes(41));
        // from there on, simulated time is the wall clock
        assertThat(clock.simulatedAt(caughtUp.plusSeconds(1))).isEqualTo(caughtUp.plusSeconds(1));
        assertThat(clock.simulatedAt(caughtUp.plus(Duration.ofHours(2)))).isEqualTo(caughtUp.plus(Duration.ofHours(2)));
        assertThat(clock.speedAt(WALL)).isEqualTo(80.0);
        assertThat(clock.speedAt(caughtUp.plusMillis(1))).isEqualTo(1.0);
    }

    @Test
    void wallAtInvertsTheRealTimeClockOnBothSides() {
        SimClock clock = SimClock.realTime(WALL, Duration.ofMinutes(40), 80);
        Instant early = clock.simStart().plus(Duration.ofMinutes(8));
        assertThat(clock.wallAt(early)).isEqualTo(WALL.plusSeconds(6)); // 480 s of history in 6 s
        Instant live = clock.caughtUpAt().plus(Duration.ofMinutes(5));
        assertThat(clock.wallAt(live)).isEqualTo(live);
        assertThat(clock.simulatedAt(clock.wallAt(early))).isEqualTo(early);
    }

    @Test
    void nowReadsTheInjectedClock() {
        SimClock clock = SimClock.realTime(WALL, Duration.ofMinutes(30), 60);
        Instant later = clock.caughtUpAt().plusSeconds(42);
        assertThat(clock.now(Clock.fixed(later, ZoneOffset.UTC))).isEqualTo(later);
        assertThat(clock.now(Clock.fixed(WALL.plusSeconds(1), ZoneOffset.UTC)))
                .isEqualTo(clock.simStart().plusSeconds(60));
    }

    @Test
    void anAcceleratedClockNeverCatchesUp() {
        SimClock clock = new SimClock(Instant.parse("2026-11-25T00:00:00Z"), WALL, 90);
        assertThat(clock.caughtUpAt()).isNull();
        Instant muchLater = WALL.plus(Duration.ofDays(1));
        assertThat(clock.simulatedAt(muchLater)).isAfter(muchLater); // runs past the wall clock: nothing holds it back
        assertThat(clock.speedAt(muchLater)).isEqualTo(90.0);
    }

    @Test
    void aRealTimeClockMustBeFasterThanTheWallClock() {
        assertThatThrownBy(() -> SimClock.realTime(WALL, Duration.ofMinutes(30), 1))
                .hasMessageContaining("speed must exceed 1");
        assertThatThrownBy(() -> Scenario.parse("clock: {realTime: true, speed: 1}"))
                .hasMessageContaining("speed must exceed 1");
    }

    @Test
    void aRealTimeScenarioStartsItsHistoryBeforeNowAndAfterAnEarlierRun() {
        Scenario scenario = Scenario.parse("clock: {realTime: true, speed: 80, warmUp: PT40M, duration: PT2H}");
        assertThat(scenario.clock().isRealTime()).isTrue();
        assertThat(Runner.realTimeStart(scenario, WALL, null)).isEqualTo(Instant.parse("2026-11-26T06:14:00Z"));
        assertThatThrownBy(() -> Runner.realTimeStart(scenario, WALL, Instant.parse("2026-11-26T06:30:00Z")))
                .hasMessageContaining("reset");
        assertThat(Scenario.parse("clock: {duration: PT2H}")
                        .inRealTime()
                        .clock()
                        .isRealTime())
                .isTrue();
    }
}
