package dev.posmon.alerting.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which windows wait for judgement and when each settles: analytics' tasks close a window at slightly different
 * moments, so a window is ready once no cell of it has arrived for the settle time, oldest first. The cells
 * themselves wait in PostgreSQL ({@code pending_cell}), written with the positions that read them; this class only
 * keeps the timing. A window counts as judged only once its judgement is committed ({@link #judged(Window)}); a cell
 * of a judged window is late: counted in the rollups, not judged again. Windows need not arrive in order: a replay of
 * older data is judged as it settles, and one far-ahead window does not make everything after it late. Plain class.
 */
public final class WindowBuffer {

    private final Duration settle;
    private final Clock clock;
    private final TreeMap<Instant, Pending> windows = new TreeMap<>();
    private final Set<Instant> judged = new HashSet<>();

    private static final class Pending {
        final Instant end;
        Instant lastArrival;

        Pending(Instant end, Instant lastArrival) {
            this.end = end;
            this.lastArrival = lastArrival;
        }
    }

    /** A window to judge. */
    public record Window(Instant start, Instant end) {}

    public WindowBuffer(Duration settle, Clock clock) {
        this.settle = settle;
        this.clock = clock;
    }

    /**
     * Starts over from what the database holds: the windows with cells waiting (they settle anew from now) and the
     * windows judged already.
     */
    public synchronized void restore(Map<Instant, Instant> pending, Collection<Instant> judgedWindows) {
        windows.clear();
        judged.clear();
        judged.addAll(judgedWindows);
        Instant now = clock.instant();
        pending.forEach((start, end) -> windows.put(start, new Pending(end, now)));
    }

    /** Whether the window starting here has been judged (its cells are late). */
    public synchronized boolean isJudged(Instant windowStart) {
        return judged.contains(windowStart);
    }

    /** A cell of a window not judged yet arrived (and is stored). */
    public synchronized void arrived(Instant windowStart, Instant windowEnd) {
        Pending pending = windows.get(windowStart);
        if (pending == null) {
            windows.put(windowStart, new Pending(windowEnd, clock.instant()));
        } else {
            pending.lastArrival = clock.instant();
        }
    }

    /** The windows that have settled, oldest first; they stay pending until {@link #judged(Window)}. */
    public synchronized List<Window> settled() {
        List<Window> ready = new ArrayList<>();
        Instant now = clock.instant();
        windows.forEach((start, pending) -> {
            if (!pending.lastArrival.plus(settle).isAfter(now)) {
                ready.add(new Window(start, pending.end));
            }
        });
        return ready;
    }

    /** The window's judgement is committed: later cells of it are late. */
    public synchronized void judged(Window window) {
        windows.remove(window.start());
        judged.add(window.start());
    }

    /** Forgets the judged windows that started before this instant (their cells can no longer be re-read). */
    public synchronized void forgetJudgedBefore(Instant horizon) {
        judged.removeIf(start -> start.isBefore(horizon));
    }

    /** Windows waiting for judgement. */
    public synchronized int pending() {
        return windows.size();
    }
}
