package dev.posmon.alerting.pipeline;

import dev.posmon.contract.cube.CubeCell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running cells of windows still open ({@code signon.cube.running.v1}): per window and cell the latest counts so far
 * (each running cell is cumulative and supersedes the one before it), and which windows changed since they were last
 * judged early. In memory only: after a restart the next running cells (every few seconds) rebuild it, and the closed
 * window is judged from {@code signon.cube.v1} in any case. Plain class.
 */
public final class RunningCells {

    private final Duration every;
    private final Duration keep;
    private final Clock clock;
    private final TreeMap<Instant, Open> windows = new TreeMap<>();

    private static final class Open {
        final Instant end;
        final Map<String, CubeCell> cells = new HashMap<>();
        boolean changed;
        Instant judgedAt;

        Open(Instant end) {
            this.end = end;
        }
    }

    /** @param every a window is judged early at most this often; @param keep windows that ended longer ago are forgotten */
    public RunningCells(Duration every, Duration keep, Clock clock) {
        this.every = every;
        this.keep = keep;
        this.clock = clock;
    }

    public void put(CubeCell cell) {
        Open open = windows.computeIfAbsent(cell.windowStart(), start -> new Open(cell.windowEnd()));
        String key = cell.cellKey();
        CubeCell before = open.cells.get(key);
        if (before == null || before.attempts() <= cell.attempts()) {
            open.cells.put(key, cell);
            open.changed = true;
        }
    }

    /** A window whose cells changed and that was not judged early within {@code every}: its cells so far. */
    public record Due(WindowBuffer.Window window, List<CubeCell> cells) {}

    /** The windows due for an early judgement, oldest first; each counts as judged now. Forgets windows past {@code keep}. */
    public List<Due> due() {
        Instant now = clock.instant();
        windows.entrySet().removeIf(e -> e.getValue().end.plus(keep).isBefore(now));
        List<Due> due = new ArrayList<>();
        windows.forEach((start, open) -> {
            if (open.changed
                    && (open.judgedAt == null || !open.judgedAt.plus(every).isAfter(now))) {
                open.changed = false;
                open.judgedAt = now;
                due.add(new Due(new WindowBuffer.Window(start, open.end), List.copyOf(open.cells.values())));
            }
        });
        return due;
    }

    /** The window closed and was judged: its running cells are no longer needed. */
    public void closed(Instant windowStart) {
        windows.remove(windowStart);
    }

    public int windows() {
        return windows.size();
    }
}
