package dev.posmon.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: {@code simStart} at wall-clock {@code wallStart}, then {@code speed} simulated seconds per
 * wall-clock second. The simulated day runs in the past (ingest accepts events up to two days old), and the
 * whole pipeline works in the events' time, so it honours the acceleration without knowing about it.
 * <p>
 * <b>Real time</b> ({@code realTime}): the same accelerated line until it catches up with the wall clock, then the
 * wall clock itself (1x, events stamped with the wall clock). Since the accelerated line rises faster than the wall
 * clock, that is simply the earlier of the two: a history played fast that ends at "now", then live.
 */
public record SimClock(Instant simStart, Instant wallStart, double speed, boolean realTime) {

    public SimClock {
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        if (realTime && speed <= 1) {
            throw new IllegalArgumentException(
                    "a real-time clock catches up with the wall clock: speed must exceed 1, not " + speed);
        }
    }

    /** Accelerated all along (the simulated time runs in the past). */
    public SimClock(Instant simStart, Instant wallStart, double speed) {
        this(simStart, wallStart, speed, false);
    }

    /**
     * A real-time clock whose accelerated history of {@code history} catches up with the wall clock about {@code history}
     * after its start: the whole minute {@code simStart} is chosen so that the history plays from it at {@code speed} and
     * meets the wall clock at most {@code 60 / (speed - 1)} seconds after {@code simStart + history}.
     */
    public static SimClock realTime(Instant wallStart, Duration history, double speed) {
        long lagSeconds = (long) Math.ceil(history.toSeconds() * (speed - 1) / speed);
        Instant simStart = Instant.ofEpochSecond(
                Math.floorDiv(wallStart.minusSeconds(lagSeconds).getEpochSecond(), 60) * 60);
        return new SimClock(simStart, wallStart, speed, true);
    }

    /** The simulated instant at a wall-clock instant. */
    public Instant simulatedAt(Instant wall) {
        Instant accelerated =
                simStart.plusNanos((long) (Duration.between(wallStart, wall).toNanos() * speed));
        return realTime && accelerated.isAfter(wall) ? wall : accelerated;
    }

    /** The wall-clock instant at which the simulation reaches a simulated instant. */
    public Instant wallAt(Instant simulated) {
        Instant accelerated = wallStart.plusNanos(
                (long) (Duration.between(simStart, simulated).toNanos() / speed));
        return realTime && simulated.isAfter(accelerated) ? simulated : accelerated;
    }

    /**
     * Real time: the instant (simulated and wall alike) at which the accelerated history meets the wall clock; from there
     * on simulated time is the wall clock. Null for an accelerated clock.
     */
    public Instant caughtUpAt() {
        if (!realTime) {
            return null;
        }
        // simStart + (w - wallStart) * speed = w  =>  w = wallStart + (wallStart - simStart) / (speed - 1)
        return wallStart.plusNanos((long) (Duration.between(simStart, wallStart).toNanos() / (speed - 1)));
    }

    /**
     * Simulated seconds per wall-clock second at a wall-clock instant: {@code speed}, or 1 once a real-time clock
     * caught up.
     */
    public double speedAt(Instant wall) {
        return realTime && !wall.isBefore(caughtUpAt()) ? 1.0 : speed;
    }

    public Instant now(Clock wall) {
        return simulatedAt(wall.instant());
    }
}
