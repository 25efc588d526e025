package dev.posmon.simulator;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.simulator.behaviour.Behaviour;
import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.io.AlertingClient;
import dev.posmon.simulator.io.EventSink;
import dev.posmon.simulator.scenario.Disruption;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.Scenario;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Plays a scenario in simulated time: declares its planned windows through alerting's API, then, as the
 * {@link SimClock} passes each event's occurredAt, sends the fleet's events in batches per acquirer (a few
 * batches in flight), and prints a progress line every few wall-clock seconds. Answers the ground truth.
 */
public final class Player {

    static final int BATCH = 500;
    private static final int IN_FLIGHT = 4;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final Scenario scenario;
    private final Fleet fleet;
    private final EventSink sink;
    private final AlertingClient alerting;
    private final PrintStream out;
    private final Clock wall;
    private final AtomicLong signOns = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong telemetry = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private Duration progressEvery = PROGRESS_EVERY;
    private Consumer<SimClock> onClock = clock -> {};
    private volatile boolean stopped;
    private long lastSignOns;
    private long lastFailures;

    /** @param alerting where planned maintenance is declared; null when the scenario declares none */
    public Player(
            Scenario scenario, Fleet fleet, EventSink sink, AlertingClient alerting, PrintStream out, Clock wall) {
        this.scenario = scenario;
        this.fleet = fleet;
        this.sink = sink;
        this.alerting = alerting;
        this.out = out;
        this.wall = wall;
    }

    /** How often a progress line is printed (default every 5 s of wall clock). */
    public Player progressEvery(Duration every) {
        this.progressEvery = every;
        return this;
    }

    /** Told the clock of each {@link #play} as it starts. */
    public Player onClock(Consumer<SimClock> listener) {
        this.onClock = listener;
        return this;
    }

    /** Ends {@link #play} early (from another thread): nothing more is generated or sent; what is in flight completes. */
    public void stop() {
        stopped = true;
    }

    /**
     * Plays the whole scenario from {@code simStart} (a whole minute); returns once every event was sent. In real-time
     * mode ({@code clock.realTime}) the clock plays the warm-up accelerated until it meets the wall clock, then 1x.
     */
    public GroundTruth play(Instant simStart) {
        declareWindows(simStart);
        SimClock clock = new SimClock(
                simStart,
                wall.instant(),
                scenario.clock().speed(),
                scenario.clock().isRealTime());
        GroundTruth truth = GroundTruth.of(scenario, clock);
        onClock.accept(clock);
        Behaviour behaviour = new Behaviour(
                fleet, scenario, simStart, System.nanoTime() ^ clock.wallStart().toEpochMilli());
        long minutes = scenario.clock().duration().toMinutes();
        Instant simEnd = simStart.plus(scenario.clock().duration());
        PriorityQueue<TerminalEvent> due = new PriorityQueue<>(Comparator.comparing(TerminalEvent::occurredAt));
        ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
            Thread thread = new Thread(r, "simulator-sender");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(IN_FLIGHT * 2);
        List<Future<?>> sent = new ArrayList<>();
        long generated = 0;
        Instant nextProgress = wall.instant();
        try {
            while ((generated < minutes || !due.isEmpty()) && !stopped) {
                Instant now = clock.now(wall);
                // generate a minute ahead of the clock, so that every event is there when its time comes
                while (generated < minutes
                        && !simStart.plusSeconds(60 * generated).isAfter(now.plusSeconds(60))) {
                    due.addAll(behaviour.minute(generated++));
                }
                List<TerminalEvent> ready = new ArrayList<>();
                while (!due.isEmpty()
                        && !due.peek().occurredAt().isAfter(now)
                        && due.peek().occurredAt().isBefore(simEnd)) {
                    ready.add(due.poll());
                }
                while (!due.isEmpty() && !due.peek().occurredAt().isBefore(simEnd)) {
                    due.poll(); // a retry past the scenario's end is not played
                }
                for (Map.Entry<String, List<TerminalEvent>> byAcquirer :
                        byAcquirer(ready).entrySet()) {
                    List<TerminalEvent> events = byAcquirer.getValue();
                    for (int from = 0; from < events.size(); from += BATCH) {
                        List<TerminalEvent> batch =
                                List.copyOf(events.subList(from, Math.min(events.size(), from + BATCH)));
                        inFlight.acquireUninterruptibly();
                        sent.add(senders.submit(() -> {
                            try {
                                send(byAcquirer.getKey(), batch);
                            } finally {
                                inFlight.release();
                            }
                        }));
                    }
                }
                sent.removeIf(this::doneOrFail);
                if (!wall.instant().isBefore(nextProgress)) {
                    progress(clock, simEnd);
                    nextProgress = wall.instant().plus(progressEvery);
                }
                if (ready.isEmpty()) {
                    Instant next = due.isEmpty()
                            ? simStart.plusSeconds(60 * generated)
                            : due.peek().occurredAt();
                    long waitMs = Math.max(5, Math.min(200, (long)
                            (Duration.between(now, next).toMillis() / Math.max(1, clock.speedAt(wall.instant())))));
                    Thread.sleep(waitMs);
                }
            }
            for (Future<?> future : sent) {
                future.get(5, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("playing " + scenario.name() + " failed: " + e.getMessage(), e);
        } finally {
            senders.shutdownNow();
        }
        progress(clock, simEnd);
        return truth.withAffected(behaviour.affected());
    }

    private boolean doneOrFail(Future<?> future) {
        if (!future.isDone()) {
            return false;
        }
        try {
            future.get();
        } catch (Exception e) {
            throw new IllegalStateException("sending failed: " + e.getMessage(), e);
        }
        return true;
    }

    private void send(String acquirer, List<TerminalEvent> batch) {
        rejected.addAndGet(sink.send(acquirer, batch));
        for (TerminalEvent event : batch) {
            if (event instanceof SignOnAttempt attempt) {
                signOns.incrementAndGet();
                if (attempt.failed()) {
                    failures.incrementAndGet();
                }
            } else {
                telemetry.incrementAndGet();
            }
        }
    }

    private Map<String, List<TerminalEvent>> byAcquirer(List<TerminalEvent> events) {
        Map<String, List<TerminalEvent>> groups = new HashMap<>();
        for (TerminalEvent event : events) {
            groups.computeIfAbsent(fleet.byId(event.terminalId()).record().acquirer(), a -> new ArrayList<>())
                    .add(event);
        }
        return groups;
    }

    private void declareWindows(Instant simStart) {
        for (Disruption d : scenario.disruptions()) {
            if (!d.declaresWindow()) {
                continue;
            }
            if (alerting == null) {
                throw new IllegalStateException(d.id() + " declares a maintenance window: alerting's URL is needed");
            }
            if (d.type() == Disruption.Type.CARRIER_OUTAGE) {
                String name = "sim-" + d.id();
                int windows = alerting.announceCarrierWorks(
                        name,
                        d.province(),
                        d.carrier(),
                        d.onset(simStart),
                        d.end(simStart),
                        d.carrier() + " network works (simulator " + d.id() + ")");
                out.printf(
                        "announced carrier works as notice calendar %s (%d window): %s in %s %s – %s%n",
                        name, windows, d.carrier(), d.province(), d.onset(simStart), d.end(simStart));
                continue;
            }
            String id = d.type() == Disruption.Type.CUTOVER
                    ? alerting.declareDaily(
                            d.host(),
                            d.onset(simStart),
                            d.duration(),
                            "Asia/Shanghai",
                            "daily cut-over (simulator " + d.id() + ")")
                    : alerting.declareWindow(
                            d.host(),
                            d.onset(simStart),
                            d.end(simStart),
                            "planned maintenance (simulator " + d.id() + ")");
            out.printf(
                    "declared maintenance window %s: host %s %s – %s%n",
                    id, d.host(), d.onset(simStart), d.end(simStart));
        }
    }

    private void progress(SimClock clock, Instant simEnd) {
        Instant now = clock.now(wall);
        if (now.isAfter(simEnd)) {
            now = simEnd;
        }
        Instant at = now;
        String active = scenario.disruptions().stream()
                .filter(d -> d.activeAt(at, clock.simStart()))
                .map(d -> d.type().fileName() + " " + d.scope().values())
                .collect(Collectors.joining(", "));
        double done = 100.0
                * Duration.between(clock.simStart(), now).toMillis()
                / scenario.clock().duration().toMillis();
        long s = signOns.get();
        long f = failures.get();
        long recent = s - lastSignOns;
        out.printf(
                "[sim %s +08:00] %3.0f%% | sent %,d sign-ons (%.1f%% of the last %,d failed), %,d telemetry | rejected"
                        + " %,d | %s%n",
                LOCAL.format(now),
                done,
                s,
                recent == 0 ? 0.0 : 100.0 * (f - lastFailures) / recent,
                recent,
                telemetry.get(),
                rejected.get(),
                active.isEmpty() ? "no disruption" : "active: " + active);
        lastSignOns = s;
        lastFailures = f;
    }

    /** Events the pipeline refused (should be none). */
    public long rejected() {
        return rejected.get();
    }

    public long signOnsSent() {
        return signOns.get();
    }
}
