package dev.posmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PipelineLagTest {

    static final Instant SIM_START = Instant.parse("2026-11-26T22:00:00Z");
    static final Instant WALL = Instant.parse("2026-11-27T09:00:00Z");

    @Test
    void aWindowIsJudgedByTheWallClockTimeSinceTheSimulatorPassedItsEnd() {
        PipelineLag lag = new PipelineLag();
        SimClock clock = new SimClock(SIM_START, WALL, 180);
        lag.follow(clock);
        // the minute 22:00-22:01 ends 60 simulated seconds in: a third of a wall-clock second at 180x
        assertThat(clock.wallAt(SIM_START.plusSeconds(60))).isEqualTo(WALL.plusNanos(333_333_333));
        lag.emitted(
                SIM_START.plusSeconds(60),
                clock.wallAt(SIM_START.plusSeconds(60)).plusSeconds(4));
        lag.emitted(
                SIM_START.plusSeconds(120),
                clock.wallAt(SIM_START.plusSeconds(120)).plusSeconds(40));
        lag.emitted(
                SIM_START.plusSeconds(180),
                clock.wallAt(SIM_START.plusSeconds(180)).plusSeconds(10));

        assertThat(lag.latest()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lag.max()).isEqualTo(Duration.ofSeconds(40));
        assertThat(lag.median()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lag.summary(Duration.ofSeconds(30))).contains("max 40.0 s", "over 3 windows", "NOT MET");
    }

    @Test
    void windowsOfAnEarlierRunAndOfALiveClockAreNotCounted() {
        PipelineLag lag = new PipelineLag();
        lag.emitted(SIM_START, WALL);
        lag.follow(new SimClock(SIM_START, WALL, 180));
        lag.emitted(SIM_START.minusSeconds(60), WALL.plusSeconds(1));
        SimClock realTime = SimClock.realTime(WALL, Duration.ofMinutes(30), 60);
        lag.follow(realTime);
        lag.emitted(realTime.caughtUpAt().plusSeconds(60), realTime.caughtUpAt().plusSeconds(61));

        assertThat(lag.windows()).isZero();
        assertThat(lag.summary(Duration.ofSeconds(30))).contains("no window");
    }

    @Test
    void withinTheTargetItSaysSo() {
        PipelineLag lag = new PipelineLag();
        lag.follow(new SimClock(SIM_START, WALL, 180));
        lag.emitted(SIM_START.plusSeconds(60), WALL.plusSeconds(12));
        assertThat(lag.summary(Duration.ofSeconds(30))).contains("target <= 30 s: met");
    }
}
