package dev.posmon.simulator;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.io.AlertingClient;
import dev.posmon.simulator.io.EventSink;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays scenarios one after another on one simulated timeline (each starts where the previous ended, so that
 * event time only moves forward and alerting's baselines carry over), registering a fleet whenever its size or
 * seed changes, and writes each run's ground truth.
 */
public final class Runner {

    /** The zone of scenario start times. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final EventSink sink;
    private final AlertingClient alerting;
    private final PrintStream out;
    private final Clock wall;
    private long rejected;
    private Consumer<SimClock> onClock = clock -> {};

    public Runner(EventSink sink, AlertingClient alerting, PrintStream out, Clock wall) {
        this.sink = sink;
        this.alerting = alerting;
        this.out = out;
        this.wall = wall;
    }

    /**
     * Where the timeline starts: at the first scenario's local start time, on the latest day that lets the whole
     * timeline end {@code margin} before now (it runs in the past), and not before {@code notBefore} (where an
     * earlier timeline left the pipeline's event time: anything before it would be late for the cube). When the
     * local start time does not fit after {@code notBefore}, right after {@code notBefore}.
     */
    public static Instant timelineStart(List<Scenario> scenarios, Instant now, Duration margin, Instant notBefore) {
        Duration total = scenarios.stream().map(s -> s.clock().duration()).reduce(Duration.ZERO, Duration::plus);
        ZonedDateTime latest = now.minus(total).minus(margin).atZone(ZONE);
        ZonedDateTime start = latest.with(scenarios.get(0).clock().startLocal()).truncatedTo(ChronoUnit.MINUTES);
        if (start.isAfter(latest)) {
            start = start.minusDays(1);
        }
        Instant chosen = start.toInstant();
        if (notBefore != null && chosen.isBefore(notBefore)) {
            chosen = notBefore.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            if (chosen.isAfter(latest.toInstant())) {
                throw new IllegalArgumentException(
                        "an earlier run took the pipeline's event time to " + notBefore + ": " + total
                                + " of simulated time no longer fits before now (events must lie in the past); wait,"
                                + " or ./posmon reset --yes");
            }
        }
        if (Duration.between(chosen, now).compareTo(Duration.ofHours(47)) > 0) {
            throw new IllegalArgumentException("the scenarios span " + total + " from "
                    + scenarios.get(0).clock().startLocal()
                    + ": that starts more than PT47H ago, beyond ingest's P2D maximum age");
        }
        return chosen;
    }

    /**
     * Where a real-time scenario starts: the whole minute from which its warm-up, played at its speed, meets the wall
     * clock about the warm-up after it ({@link SimClock#realTime}); not before {@code notBefore} (see
     * {@link #timelineStart}).
     */
    public static Instant realTimeStart(Scenario scenario, Instant now, Instant notBefore) {
        Instant start = SimClock.realTime(
                        now, scenario.clock().warmUp(), scenario.clock().speed())
                .simStart();
        if (notBefore != null && start.isBefore(notBefore)) {
            throw new IllegalArgumentException("an earlier run took the pipeline's event time to " + notBefore
                    + ": a real-time run's " + scenario.clock().warmUp() + " of history from " + start
                    + " would be late for the cube; ./posmon reset --yes first");
        }
        return start;
    }

    /** Plays every scenario from {@code start}; writes {@code truth-<n>-<name>.json} into {@code outDir}. */
    /** Told the clock of each scenario as it starts playing. */
    public Runner onClock(Consumer<SimClock> listener) {
        this.onClock = listener;
        return this;
    }

    public List<GroundTruth> play(List<Scenario> scenarios, Instant start, Path outDir) {
        List<GroundTruth> truths = new ArrayList<>();
        Fleet fleet = null;
        String fleetKey = null;
        Instant next = start;
        for (int n = 0; n < scenarios.size(); n++) {
            Scenario scenario = scenarios.get(n);
            String key = scenario.fleet().terminals() + "/" + scenario.seed() + "/"
                    + scenario.fleet().chronicShare() + "/" + scenario.fleet().frozenShare();
            if (!key.equals(fleetKey)) {
                long t0 = System.nanoTime();
                fleet = Fleet.generate(
                        scenario.fleet().terminals(),
                        scenario.seed(),
                        scenario.fleet().chronicShare(),
                        scenario.fleet().frozenShare());
                sink.register(fleet.terminals().stream().map(t -> t.record()).toList());
                out.printf(
                        "registered a fleet of %,d terminals in %.1f s%n",
                        fleet.size(), (System.nanoTime() - t0) / 1e9);
                fleetKey = key;
            }
            out.printf(
                    "playing %s: %s of simulated time from %s at %.0fx (%s)%n",
                    scenario.name(),
                    scenario.clock().duration(),
                    next,
                    scenario.clock().speed(),
                    scenario.description() == null ? "" : scenario.description().strip());
            Player player = new Player(scenario, fleet, sink, alerting, out, wall).onClock(onClock);
            GroundTruth truth = player.play(next);
            rejected += player.rejected();
            truth.write(outDir.resolve(String.format("truth-%d-%s.json", n + 1, scenario.name())));
            truths.add(truth);
            next = truth.simEnd();
        }
        return truths;
    }

    /** Events ingest refused over all runs. */
    public long rejected() {
        return rejected;
    }

    /** Whether every incident with its onset in a run's scored span has resolved. */
    public static boolean allResolved(List<GroundTruth> runs, List<IncidentRecord> incidents) {
        return incidents.stream()
                .filter(i -> runs.stream()
                        .anyMatch(r ->
                                !i.onset().isBefore(r.scoredFrom()) && i.onset().isBefore(r.simEnd())))
                .allMatch(i -> "RESOLVED".equals(i.status()));
    }
}
