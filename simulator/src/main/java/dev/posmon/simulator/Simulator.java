package dev.posmon.simulator;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.io.AlertingClient;
import dev.posmon.simulator.io.CubeWatch;
import dev.posmon.simulator.io.EventSink;
import dev.posmon.simulator.io.IngestClient;
import dev.posmon.simulator.io.KafkaSink;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.Scenario;
import dev.posmon.simulator.score.Score;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The command line: {@code play} scenario files through a running posmon, or {@code score} a scenario set
 * (play it, wait until alerting has judged it all, match its incidents against the ground truth).
 *
 * <pre>
 * play  [options] FILE...       score [options] (--set NAME | FILE...)
 * --ingest URL (http://127.0.0.1:8080)   --alerting URL (http://127.0.0.1:8082)   --token ADMIN_TOKEN (env POSMON_ADMIN_TOKEN)
 * --kafka BOOTSTRAP (127.0.0.1:9092; follows the cube)   --direct (events straight onto the topics, not through ingest)
 * --out DIR (.posmon/sim/&lt;time&gt;)   --terminals N   --speed X   --scenarios DIR (simulator/scenarios)
 * --timeline FILE (.posmon/sim/timeline: where the last run left the pipeline's event time)
 * --settle-timeout ISO-DURATION (PT5M)   --min-precision P   --min-recall R   (score: exit 1 below them)
 * --real-time (one file: its warm-up played at its speed as a history ending now, then 1x on the wall clock)
 * </pre>
 */
public final class Simulator {

    /** What the demo promises: the pipeline at most this far (wall clock) behind the simulator. */
    static final Duration LAG_TARGET = Duration.ofSeconds(30);

    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private Simulator() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("play") || args[0].equals("score"))) {
            System.err.println("usage: simulator play|score [options] (FILE... | --set NAME); see simulator/README.md");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--direct") || args[i].equals("--real-time")) {
                options.put(args[i].substring(2), "true");
            } else if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (options.containsKey("set")) {
            files.addAll(setFiles(Path.of(options.getOrDefault("scenarios", "simulator/scenarios"))
                    .resolve(options.get("set"))));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no scenario files given");
        }
        Integer terminals = options.containsKey("terminals") ? Integer.valueOf(options.get("terminals")) : null;
        Double speed = options.containsKey("speed") ? Double.valueOf(options.get("speed")) : null;
        boolean realTime = options.containsKey("real-time");
        List<Scenario> scenarios = files.stream()
                .map(Scenario::load)
                .map(s -> s.with(terminals, speed))
                .map(s -> realTime ? s.inRealTime() : s)
                .toList();
        if (scenarios.stream().anyMatch(s -> s.clock().isRealTime()) && scenarios.size() > 1) {
            throw new IllegalArgumentException("a real-time run plays one scenario file");
        }
        String token = options.getOrDefault("token", System.getenv().getOrDefault("POSMON_ADMIN_TOKEN", ""));
        // --kafka, else KAFKA_BOOTSTRAP_SERVERS (as the services), else the local broker; TLS/SASL from KAFKA_*
        String bootstrap = options.getOrDefault(
                "kafka", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        Path out = Path.of(options.getOrDefault(
                "out", ".posmon/sim/" + Instant.now().toString().replace(':', '-')));
        Duration settleTimeout = Duration.parse(options.getOrDefault("settle-timeout", "PT5M"));
        AlertingClient alerting =
                new AlertingClient(URI.create(options.getOrDefault("alerting", "http://127.0.0.1:8082")), token);
        PrintStream console = System.out;

        try (EventSink sink = options.containsKey("direct")
                        ? new KafkaSink(bootstrap)
                        : new IngestClient(URI.create(options.getOrDefault("ingest", "http://127.0.0.1:8080")), token);
                Watcher watcher =
                        new Watcher(new CubeWatch(bootstrap), new IncidentWatch(alerting, console), console)) {
            Runner runner = new Runner(sink, alerting, console, Clock.systemUTC()).onClock(watcher.lag()::follow);
            Path timeline = Path.of(options.getOrDefault("timeline", ".posmon/sim/timeline"));
            Instant start = scenarios.get(0).clock().isRealTime()
                    ? Runner.realTimeStart(scenarios.get(0), Instant.now(), notBefore(timeline))
                    : Runner.timelineStart(scenarios, Instant.now(), Duration.ofMinutes(10), notBefore(timeline));
            Files.createDirectories(timeline.toAbsolutePath().getParent());
            // before playing, where the whole run would take the event time: a run stopped half-way (Ctrl-C) took it no
            // further, and the next one must not play into what the cube has already closed
            Duration total = scenarios.stream().map(s -> s.clock().duration()).reduce(Duration.ZERO, Duration::plus);
            Files.writeString(timeline, start.plus(total) + " " + Instant.now() + "\n");
            List<GroundTruth> runs = runner.play(scenarios, start, out);
            Files.writeString(timeline, runs.get(runs.size() - 1).simEnd() + " " + Instant.now() + "\n");
            console.printf(
                    "played %d scenario(s); %,d events rejected by ingest; waiting (at most %s) until alerting has"
                            + " judged them%n",
                    runs.size(), runner.rejected(), settleTimeout);
            List<IncidentRecord> incidents = watcher.awaitSettled(alerting, runs, settleTimeout);
            console.println(watcher.lag().summary(LAG_TARGET));
            Files.writeString(
                    out.resolve("incidents.json"),
                    ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(incidents));
            Score.Result result = Score.score(runs, incidents);
            console.println();
            console.print(Score.table(result));
            Score.write(result, out.resolve("score.json"));
            console.printf("%nground truth, incidents and score in %s%n", out.toAbsolutePath());
            if (args[0].equals("score")) {
                double minPrecision = Double.parseDouble(options.getOrDefault("min-precision", "0"));
                double minRecall = Double.parseDouble(options.getOrDefault("min-recall", "0"));
                if (result.precision() < minPrecision || result.recall() < minRecall) {
                    console.printf(
                            "BELOW THE FLOORS: precision %.3f (floor %.2f), recall %.3f (floor %.2f)%n",
                            result.precision(), minPrecision, result.recall(), minRecall);
                    System.exit(1);
                }
            }
        }
    }

    /**
     * Where the last timeline played on this pipeline left its event time: its simulated end plus the wall-clock time
     * since (analytics lets an idle partition's event time run on with the wall clock), or null.
     */
    public static Instant notBefore(Path timeline) throws IOException {
        if (!Files.isRegularFile(timeline)) {
            return null;
        }
        String[] parts = Files.readString(timeline).trim().split(" ");
        Instant simEnd = Instant.parse(parts[0]);
        return simEnd.plus(Duration.between(Instant.parse(parts[1]), Instant.now()))
                .plus(Duration.ofMinutes(2));
    }

    private static List<Path> setFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no scenario set " + dir);
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /**
     * A background thread that follows the cube (a running fleet sign-on health line) and alerting's incidents
     * (printed as they open and resolve) while scenarios play, and then waits until everything is judged.
     */
    static final class Watcher implements AutoCloseable {

        private final CubeWatch cube;
        private final IncidentWatch incidents;
        private final PrintStream out;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Instant latestWindowEnd;
        private final PipelineLag lag = new PipelineLag();

        Watcher(CubeWatch cube, IncidentWatch incidents, PrintStream out) {
            this.cube = cube;
            this.incidents = incidents;
            this.out = out;
            incidents.baseline();
            this.thread = new Thread(this::run, "simulator-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            long nextHealth = 0;
            long nextIncidents = 0;
            while (running) {
                try {
                    cube.poll(Duration.ofMillis(500));
                    Instant windowEnd = cube.latestWindowEnd();
                    if (windowEnd != null && !windowEnd.equals(latestWindowEnd)) {
                        lag.emitted(windowEnd, Instant.now());
                    }
                    latestWindowEnd = windowEnd;
                    long now = System.nanoTime();
                    if (now >= nextIncidents) {
                        incidents.poll();
                        nextIncidents = now + 3_000_000_000L;
                    }
                    CubeWatch.WindowHealth health = cube.latestComplete();
                    if (health != null && now >= nextHealth) {
                        Duration behind = lag.latest();
                        out.printf(
                                "fleet health [sim %s +08:00] %,d sign-on attempts, %.1f%% succeeded, %,d terminals"
                                        + " failing (analytics' cube%s)%n",
                                LOCAL.format(health.windowStart()),
                                health.attempts(),
                                100 * health.successRatio(),
                                health.failingTerminals(),
                                behind == null
                                        ? ""
                                        : String.format(", %.0f s behind the simulator", behind.toMillis() / 1000.0));
                        nextHealth = now + 5_000_000_000L;
                    }
                } catch (RuntimeException e) {
                    out.println("watch: " + e.getMessage());
                }
            }
        }

        /** How far the cube runs behind the simulator's clock. */
        PipelineLag lag() {
            return lag;
        }

        /**
         * Waits until the cube has closed windows up to the last run's end, alerting has judged them, and its incidents
         * have settled.
         */
        List<IncidentRecord> awaitSettled(AlertingClient alerting, List<GroundTruth> runs, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Instant lastEnd = runs.get(runs.size() - 1).simEnd().minus(Duration.ofMinutes(1));
            while (System.nanoTime() < deadline && (latestWindowEnd == null || latestWindowEnd.isBefore(lastEnd))) {
                Thread.sleep(500);
            }
            while (System.nanoTime() < deadline && alerting.judgedUpTo().isBefore(lastEnd)) {
                Thread.sleep(500);
            }
            List<IncidentRecord> last = alerting.incidents();
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                List<IncidentRecord> now = alerting.incidents();
                if (!now.equals(last)) {
                    last = now;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > 15_000_000_000L && Runner.allResolved(runs, now)) {
                    break;
                }
            }
            if (System.nanoTime() >= deadline) {
                out.println("settle timeout reached: scoring what alerting has so far");
            }
            incidents.poll();
            return last;
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cube.close();
        }
    }
}
