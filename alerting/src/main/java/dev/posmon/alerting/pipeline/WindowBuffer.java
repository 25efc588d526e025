package dev.posmon.alerting.pipeline;

import dev.posmon.contract.cube.CubeCell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers the cells of each window as they arrive (analytics' tasks close a window at slightly different
 * moments) and hands a window over once no cell of it has arrived for the settle time, oldest first. A
 * cell of a window already handed over (of the last day's) is late: it is counted in the rollups, not
 * judged again. Windows need not arrive in order: a replay of older data is judged as it settles, and one
 * far-ahead window does not make everything after it late. Plain class.
 */
public final class WindowBuffer {

    private final Duration settle;
    private final Clock clock;
    private final TreeMap<Instant, Pending> windows = new TreeMap<>();
    /** Windows already handed over, oldest first; a day of one-minute windows is remembered. */
    private final java.util.LinkedHashSet<Instant> handedOver = new java.util.LinkedHashSet<>();
    private static final int REMEMBERED = 24 * 60;

    private static final class Pending {
        final List<CubeCell> cells = new ArrayList<>();
        Instant lastArrival;
    }

    /** A complete window. */
    public record Window(Instant start, Instant end, List<CubeCell> cells) {
    }

    public WindowBuffer(Duration settle, Clock clock) {
        this.settle = settle;
        this.clock = clock;
    }

    /** Adds a cell; false when its window was already handed over (late). */
    public synchronized boolean add(CubeCell cell) {
        if (handedOver.contains(cell.windowStart())) {
            return false;
        }
        Pending pending = windows.computeIfAbsent(cell.windowStart(), w -> new Pending());
        pending.cells.add(cell);
        pending.lastArrival = clock.instant();
        return true;
    }

    /** The windows that have settled, oldest first. */
    public synchronized List<Window> settled() {
        List<Window> ready = new ArrayList<>();
        Instant now = clock.instant();
        for (var iterator = windows.entrySet().iterator(); iterator.hasNext(); ) {
            Map.Entry<Instant, Pending> oldest = iterator.next();
            if (oldest.getValue().lastArrival.plus(settle).isAfter(now)) {
                continue;
            }
            iterator.remove();
            List<CubeCell> cells = oldest.getValue().cells;
            ready.add(new Window(oldest.getKey(), cells.get(0).windowEnd(), List.copyOf(cells)));
            handedOver.add(oldest.getKey());
            if (handedOver.size() > REMEMBERED) {
                handedOver.remove(handedOver.iterator().next());
            }
        }
        return ready;
    }
}
