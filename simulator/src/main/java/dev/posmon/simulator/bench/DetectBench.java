package dev.posmon.simulator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.Player;
import dev.posmon.simulator.Runner;
import dev.posmon.simulator.SimClock;
import dev.posmon.simulator.Simulator;
import dev.posmon.simulator.behaviour.Behaviour;
import dev.posmon.simulator.bench.DetectSchedule.Injection;
import dev.posmon.simulator.bench.Detections.Sighting;
import dev.posmon.simulator.bench.Detections.Source;
import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.io.AlertingClient;
import dev.posmon.simulator.io.AlertmanagerClient;
import dev.posmon.simulator.io.IngestClient;
import dev.posmon.simulator.scenario.Disruption;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.Scenario;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./posmon bench detect}: how soon an outage becomes an incident, on the wall clock. Plays a fleet in real time
 * (a history at {@code --speed} that ends now, then 1x with events stamped with the wall clock), breaks it at known
 * instants ({@link DetectSchedule}), polls alerting's {@code GET /v1/incidents} and Alertmanager's
 * {@code GET /api/v2/alerts} every {@code --poll}, and prints onset → visible in the API and onset → received by
 * Alertmanager per kind ({@link Detections}). Needs a fresh pipeline: the history lies in the last hour, and event
 * time must not have passed it.
 *
 * <pre>
 * --ingest URL  --alerting URL  --alertmanager URL (none: the API only)  --token ADMIN_TOKEN  --out DIR  --timeline FILE
 * --terminals 4000  --per-kind 3  --sign-ons-per-hour 6  --history PT40M  --speed 80  --lead PT3M  --outage PT2M  --gap PT4M
 * --match-after PT5M  --poll PT1S  --seed 20261126
 * </pre>
 */
public final class DetectBench {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = ContractJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    /** The size the target speaks of: an outage of at least this many terminals pages within a minute. */
    static final int TARGET_TERMINALS = 200;

    private DetectBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        PrintStream out = System.out;
        String token = o.getOrDefault("token", System.getenv().getOrDefault("POSMON_ADMIN_TOKEN", ""));
        int terminals = Integer.parseInt(o.getOrDefault("terminals", "4000"));
        int perKind = Integer.parseInt(o.getOrDefault("per-kind", "3"));
        double signOnsPerHour = Double.parseDouble(o.getOrDefault("sign-ons-per-hour", "6"));
        Duration history = Duration.parse(o.getOrDefault("history", "PT40M"));
        double speed = Double.parseDouble(o.getOrDefault("speed", "80"));
        DetectSchedule.Settings settings = new DetectSchedule.Settings(
                perKind,
                Duration.parse(o.getOrDefault("lead", "PT3M")),
                Duration.parse(o.getOrDefault("outage", "PT2M")),
                Duration.parse(o.getOrDefault("gap", "PT4M")));
        Duration matchAfter = Duration.parse(o.getOrDefault("match-after", "PT5M"));
        long pollMs = Duration.parse(o.getOrDefault("poll", "PT1S")).toMillis();
        long seed = Long.parseLong(o.getOrDefault("seed", "20261126"));
        Path outDir = Path.of(o.getOrDefault(
                "out", ".posmon/sim/detect-" + Instant.now().toString().replace(':', '-')));
        Path timeline = Path.of(o.getOrDefault("timeline", ".posmon/sim/timeline"));
        Files.createDirectories(outDir);

        AlertingClient alerting =
                new AlertingClient(URI.create(o.getOrDefault("alerting", "http://127.0.0.1:8082")), token);
        AlertmanagerClient alertmanager =
                o.containsKey("alertmanager") ? new AlertmanagerClient(URI.create(o.get("alertmanager"))) : null;
        boolean amWatched = alertmanager != null && alertmanager.ready();
        if (!amWatched) {
            out.println("no Alertmanager to watch: onset → Alertmanager is not measured");
        }
        Set<String> before = new HashSet<>();
        alerting.incidents().forEach(i -> before.add(i.id()));

        // the busy-hour rate, whatever the hour: the shops' day would otherwise thin the traffic at night
        double activity = Behaviour.activity(Instant.now().atZone(Runner.ZONE).getHour());
        double rate = signOnsPerHour / activity;
        Fleet fleet = Fleet.generate(terminals, seed, 0.002, 0.002);
        try (IngestClient ingest =
                new IngestClient(URI.create(o.getOrDefault("ingest", "http://127.0.0.1:8080")), token)) {
            long t0 = System.nanoTime();
            ingest.register(fleet.terminals().stream().map(t -> t.record()).toList());
            out.printf("registered a fleet of %,d terminals in %.1f s%n", fleet.size(), (System.nanoTime() - t0) / 1e9);

            Instant now = Instant.now();
            SimClock planned = SimClock.realTime(now, history, speed);
            Instant notBefore = Simulator.notBefore(timeline);
            if (notBefore != null && planned.simStart().isBefore(notBefore)) {
                throw new IllegalStateException("an earlier run took the pipeline's event time to " + notBefore
                        + ", after this run's history start " + planned.simStart()
                        + ": run ./posmon reset --yes first");
            }
            DetectSchedule schedule = DetectSchedule.plan(planned.simStart(), history, planned.caughtUpAt(), settings);
            Scenario scenario = schedule.scenario(terminals, rate, speed, seed);
            Map<String, Integer> inScope = new LinkedHashMap<>();
            for (Disruption d : scenario.disruptions()) {
                int count = (int) fleet.terminals().stream().filter(d::affects).count();
                inScope.put(d.id(), count);
                if (count < TARGET_TERMINALS) {
                    out.printf(
                            "note: %s covers %d terminals, fewer than the %d the target speaks of (more --terminals)%n",
                            d.id(), count, TARGET_TERMINALS);
                }
            }
            out.printf(
                    "history %s at %.0fx from %s, live (1x, wall clock) from about %s UTC; %.1f sign-ons per terminal"
                            + " and hour (%.1f at the"
                            + " busy hour, shops' activity now %.2f)%n",
                    history,
                    speed,
                    planned.simStart(),
                    TIME.format(planned.caughtUpAt()),
                    rate * activity,
                    signOnsPerHour,
                    activity);
            for (Injection i : schedule.injections()) {
                out.printf(
                        "  injection %d: %-24s %-22s %,5d terminals  %s – %s UTC%n",
                        i.number(),
                        i.type().fileName(),
                        i.scope(),
                        inScope.get(i.id()),
                        TIME.format(i.onset()),
                        TIME.format(i.end()));
            }
            Detections detections = new Detections(schedule.injections(), inScope, matchAfter, before);

            Player player = new Player(
                    scenario,
                    fleet,
                    ingest,
                    alerting,
                    new PrintStream(PrintStream.nullOutputStream()),
                    Clock.systemUTC());
            AtomicReference<GroundTruth> truth = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread playing = new Thread(
                    () -> {
                        try {
                            truth.set(player.play(planned.simStart()));
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    },
                    "detect-bench-player");
            playing.setDaemon(true);
            playing.start();

            Instant stopAt = schedule.lastEnd().plus(matchAfter);
            int announced = 0;
            long nextStatus = 0;
            while (Instant.now().isBefore(stopAt)) {
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            "playing failed: " + failure.get().getMessage(), failure.get());
                }
                Instant t = Instant.now();
                while (announced < schedule.injections().size()
                        && !t.isBefore(schedule.injections().get(announced).onset())) {
                    Injection i = schedule.injections().get(announced++);
                    Instant judged = alerting.judgedUpTo();
                    out.printf(
                            "%s  injection %d begins: %s %s (alerting has judged windows up to %s, %d s behind)%n",
                            TIME.format(i.onset()),
                            i.number(),
                            i.type().fileName(),
                            i.scope(),
                            TIME.format(judged),
                            Duration.between(judged, t).toSeconds());
                }
                for (IncidentRecord incident : safeIncidents(alerting, out)) {
                    report(
                            detections,
                            new Sighting(
                                    Source.API,
                                    incident.id(),
                                    incident.kind(),
                                    incident.scope(),
                                    t,
                                    incident.onset(),
                                    incident.detectedAt()),
                            out);
                }
                if (amWatched) {
                    Instant ta = Instant.now();
                    for (Map<String, String> labels : safeAlerts(alertmanager, out)) {
                        String id = labels.get("incident_id");
                        if (id == null) {
                            continue;
                        }
                        Map<String, String> scope = new LinkedHashMap<>(labels);
                        List.of("alertname", "incident_id", "kind", "severity").forEach(scope::remove);
                        report(
                                detections,
                                new Sighting(Source.ALERTMANAGER, id, labels.get("kind"), scope, ta, null, null),
                                out);
                    }
                }
                if (announced == schedule.injections().size()
                        && detections.allDetected(amWatched)
                        && Instant.now().isAfter(schedule.lastEnd().plus(Duration.ofMinutes(3)))) {
                    break; // all seen, and the closed windows after the last one have been judged (a second incident
                    // would show by now)
                }
                if (System.nanoTime() > nextStatus) {
                    nextStatus = System.nanoTime() + 60_000_000_000L;
                    out.printf(
                            "%s  %,d sign-ons sent so far, %,d events rejected%n",
                            TIME.format(Instant.now()), player.signOnsSent(), player.rejected());
                }
                Thread.sleep(Math.max(
                        100, pollMs - Duration.between(t, Instant.now()).toMillis()));
            }
            player.stop();
            playing.join(60_000);
            Files.createDirectories(timeline.toAbsolutePath().getParent());
            Files.writeString(timeline, Instant.now() + " " + Instant.now() + "\n");
            if (truth.get() != null) {
                truth.get().write(outDir.resolve("truth.json"));
            }

            Detections.Result result = detections.result(amWatched);
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            String header = String.format(
                    Locale.ROOT,
                    "posmon bench detect: %,d terminals, %d injections (%d per kind, %s each, %s apart), %.1f sign-ons per"
                            + " terminal and hour, history %s at %.0fx, polled every %d ms; %d cores, load average %s",
                    terminals,
                    schedule.injections().size(),
                    perKind,
                    settings.outage(),
                    settings.gap(),
                    rate * activity,
                    history,
                    speed,
                    pollMs,
                    Runtime.getRuntime().availableProcessors(),
                    String.join(" ", Arrays.copyOf(load.split(" "), 3)));
            out.println();
            out.print(Detections.table(result, header));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("header", header);
            json.put("terminals", terminals);
            json.put("signOnsPerHour", rate * activity);
            json.put("loadAverage", load);
            json.put("result", result);
            JSON.writeValue(outDir.resolve("detect.json").toFile(), json);
            out.printf(
                    "%nrows and figures in %s%n", outDir.resolve("detect.json").toAbsolutePath());
        }
        System.exit(0);
    }

    private static void report(Detections detections, Sighting sighting, PrintStream out) {
        if (!detections.observe(sighting)) {
            return;
        }
        Injection matched = detections.matching(sighting);
        out.printf(
                "%s  %-12s %-20s %-22s incident %s%s%n",
                TIME.format(sighting.seenAt()),
                sighting.source(),
                sighting.kind(),
                sighting.scope(),
                sighting.incidentId(),
                matched == null
                        ? "  (matches no injection)"
                        : String.format(
                                Locale.ROOT,
                                "  injection %d, %.1f s after its onset",
                                matched.number(),
                                Duration.between(matched.onset(), sighting.seenAt())
                                                .toMillis()
                                        / 1000.0));
    }

    private static List<IncidentRecord> safeIncidents(AlertingClient alerting, PrintStream out) {
        try {
            return alerting.incidents();
        } catch (RuntimeException e) {
            out.println("alerting: " + e.getMessage());
            return List.of();
        }
    }

    private static List<Map<String, String>> safeAlerts(AlertmanagerClient alertmanager, PrintStream out) {
        try {
            return alertmanager.alerts();
        } catch (RuntimeException e) {
            out.println("alertmanager: " + e.getMessage());
            return List.of();
        }
    }
}
