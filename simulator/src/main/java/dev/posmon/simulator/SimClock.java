package dev.posmon.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: {@code simStart} at wall-clock {@code wallStart}, then {@code speed} simulated seconds per
 * wall-clock second. The simulated day runs in the past (ingest accepts events up to two days old), and the
 * whole pipeline works in the events' time, so it honours the acceleration without knowing about it.
 */
public record SimClock(Instant simStart, Instant wallStart, double speed) {

    public SimClock {
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
    }

    /** The simulated instant at a wall-clock instant. */
    public Instant simulatedAt(Instant wall) {
        return simStart.plusNanos((long) (Duration.between(wallStart, wall).toNanos() * speed));
    }

    /** The wall-clock instant at which the simulation reaches a simulated instant. */
    public Instant wallAt(Instant simulated) {
        return wallStart.plusNanos((long) (Duration.between(simStart, simulated).toNanos() / speed));
    }

    public Instant now(Clock wall) {
        return simulatedAt(wall.instant());
    }
}
