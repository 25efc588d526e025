package dev.posmon.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How far the pipeline runs behind the simulator, in wall-clock time: when the cube emits a window, the wall-clock time
 * since the simulator's clock passed that window's end. A window cannot come out before its end plus analytics' grace
 * (30 simulated seconds, a sixth of a second at 180x), so at any speed this is what a user waits between a minute
 * played and that minute counted.
 */
public final class PipelineLag {

    private volatile SimClock clock;
    private final List<Duration> behind = new ArrayList<>();
    private Duration latest;

    /** The clock of the run now playing; windows before its start are not judged against it. */
    public void follow(SimClock clock) {
        this.clock = clock;
    }

    /** The cube emitted the window ending at {@code windowEnd}, seen at wall-clock {@code wallNow}. */
    public synchronized void emitted(Instant windowEnd, Instant wallNow) {
        SimClock current = clock;
        if (current == null
                || windowEnd.isBefore(current.simStart())
                || current.realTime() && !wallNow.isBefore(current.caughtUpAt())) {
            return; // another run's window, or live: then the window's end is the wall clock and the delay is the grace
        }
        latest = Duration.between(current.wallAt(windowEnd), wallNow);
        behind.add(latest);
    }

    /** The latest delay, or null before the first window. */
    public synchronized Duration latest() {
        return latest;
    }

    public synchronized Duration max() {
        return behind.isEmpty() ? null : Collections.max(behind);
    }

    public synchronized Duration median() {
        if (behind.isEmpty()) {
            return null;
        }
        List<Duration> sorted = new ArrayList<>(behind);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    public synchronized int windows() {
        return behind.size();
    }

    /** One line for the end of a run: median and max over the windows, against {@code target}. */
    public synchronized String summary(Duration target) {
        if (behind.isEmpty()) {
            return "pipeline behind the simulator: no window of this run came out of the cube";
        }
        Duration max = max();
        return String.format(
                "pipeline behind the simulator (cube window out - simulator past its end, wall clock): median %.1f s,"
                        + " max %.1f s"
                        + " over %d windows; target <= %d s: %s",
                median().toMillis() / 1000.0,
                max.toMillis() / 1000.0,
                behind.size(),
                target.toSeconds(),
                max.compareTo(target) <= 0 ? "met" : "NOT MET");
    }
}
