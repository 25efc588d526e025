package dev.posmon.bench;

import static dev.posmon.bench.BenchSteps.java;
import static dev.posmon.bench.BenchSteps.median;
import static dev.posmon.bench.BenchSteps.result;
import static dev.posmon.bench.BenchSteps.row;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code ./posmon bench analytics} as one program: the production topology ({@link AnalyticsBenchmark}), Kafka's
 * {@code ConsumerPerformance} on the same records (three rounds, the median), and the two Kafka Streams ceilings
 * ({@link StreamsCeilingBenchmark}: a bare copy, and a copy that keeps each terminal's latest record in a persistent
 * store), each in its own JVM so that none warms another's caches; then the table of rates and ratios. The figures are
 * read from the steps' {@code RESULT} lines here ({@link BenchSteps}), not by the shell.
 *
 * <p>Arguments: bootstrap events terminals analyticsJar analyticsLog kafkaToolsDir toolsLog4jConfig ceilingLog.
 */
public final class AnalyticsBenchSuite {

    private AnalyticsBenchSuite() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long events = Long.parseLong(args[1]);
        String terminals = args[2];
        String jar = args[3];
        String analyticsLog = args[4];
        Path tools = Path.of(args[5]);
        String toolsLog4j = args[6];
        Path ceilingLog = Path.of(args[7]);
        PrintStream out = System.out;
        String self = System.getProperty("java.class.path");
        // every step runs with analytics' commit interval: the measured jar's own unless the caller set one
        Optional<Integer> commitMs = AnalyticsProcess.commitIntervalMs(Path.of(jar));
        String commitInterval = "-D" + AnalyticsProcess.COMMIT_INTERVAL_PROPERTY + "="
                + commitMs.map(String::valueOf).orElse("");
        out.println("commit interval: " + commitMs.map(ms -> ms + " ms").orElse("analytics' default"));
        // the ceilings' producers are configured as the measured jar configures analytics' own
        Map<String, String> producerSettings =
                AnalyticsSettings.of(Path.of(jar)).producerSettings();
        String producer = AnalyticsProcess.producerSettingsArgument(producerSettings);
        out.println("analytics' producer settings, the ceilings' too: "
                + (producerSettings.isEmpty() ? "Kafka Streams' defaults" : producerSettings));

        Map<String, Double> analytics = result(java(
                self,
                List.of(
                        commitInterval,
                        AnalyticsBenchmark.class.getName(),
                        bootstrap,
                        String.valueOf(events),
                        terminals,
                        jar,
                        analyticsLog),
                null,
                true));

        out.printf(
                "raw: Kafka's ConsumerPerformance, %d records of signon.attempts.v1 from the beginning, a fresh group"
                        + " each round%n",
                events);
        List<Double> fetchRates = new ArrayList<>();
        List<Double> allRates = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            String group =
                    "posmon-bench-consumerperf-" + UUID.randomUUID().toString().substring(0, 8);
            groups.add(group);
            List<String> arguments = new ArrayList<>(List.of(
                    "-Dlog4j2.configurationFile=" + toolsLog4j,
                    "org.apache.kafka.tools.ConsumerPerformance",
                    "--bootstrap-server",
                    bootstrap,
                    "--topic",
                    "signon.attempts.v1",
                    "--messages",
                    String.valueOf(events),
                    "--group",
                    group,
                    "--timeout",
                    "30000"));
            arguments.addAll(BenchKafka.toolConfig(bootstrap, "--consumer.config"));
            List<String> lines = java(tools.resolve("*").toString(), arguments, null, false);
            String last = lines.get(lines.size() - 1);
            out.println("  round " + round + ": " + last);
            // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec,
            // fetch.nMsg.sec
            String[] fields = last.split(",\\s*");
            allRates.add(Double.parseDouble(fields[5]));
            fetchRates.add(Double.parseDouble(fields[9]));
        }
        try (Admin admin = BenchKafka.admin(bootstrap)) {
            admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.println("could not delete the ConsumerPerformance groups " + groups + ": " + e.getMessage());
        }

        out.printf(
                "ceiling: one-step Kafka Streams copies of the same %d records with analytics' settings"
                        + " (exactly_once_v2, its commit interval and producer settings): bare, and keeping each"
                        + " terminal's latest record in a persistent store%n",
                events);
        Map<String, Double> copyRun =
                ceiling(self, List.of(commitInterval, producer), bootstrap, events, "copy", ceilingLog);
        Map<String, Double> storeRun =
                ceiling(self, List.of(commitInterval, producer), bootstrap, events, "store", ceilingLog);
        double copy = copyRun.get("passthrough_events_per_s");
        double store = storeRun.get("store_events_per_s");

        double analyticsRate = analytics.get("analytics_events_per_s");
        double raw = median(fetchRates);
        String threads = System.getenv()
                .getOrDefault(
                        "POSMON_BENCH_STREAM_THREADS",
                        String.valueOf(Runtime.getRuntime().availableProcessors()));
        out.printf(
                "%n%-58s %14s%n",
                "posmon bench analytics (" + Runtime.getRuntime().availableProcessors()
                        + " cores, broker and clients on this machine; " + threads + " stream threads)",
                "records/s");
        row(out, "analytics-service, " + events + " attempts, first progress to lag 0", analyticsRate, "%14.0f", "");
        row(out, "Kafka ConsumerPerformance (fetch.nMsg.sec, median of 3)", raw, "%14.0f", "");
        row(out, "  (nMsg.sec, including the group join, median of 3)", median(allRates), "%14.0f", "");
        row(out, "Kafka Streams pass-through, exactly_once_v2 (the ceiling)", copy, "%14.0f", "");
        row(out, "  the same, keeping a persistent store per terminal", store, "%14.0f", "");
        row(out, "ratio analytics / raw consumer", analyticsRate / raw, "%14.3f", "   (target >= 0.15)");
        row(out, "ratio pass-through / raw consumer", copy / raw, "%14.3f", "");
        row(
                out,
                "ratio pass-through with a store / raw consumer",
                store / raw,
                "%14.3f",
                "   (the ceiling analytics is held to: a record out, a persistent store)");
        row(out, "ratio analytics / pass-through", analyticsRate / copy, "%14.3f", "");
        row(out, "ratio analytics / pass-through with a store", analyticsRate / store, "%14.3f", "");
        // Each run's second half: on two cores the JIT compilers take most of a core through a run's first minute,
        // and analytics, with more code to compile, loses more of the run to it than the one-step ceiling does.
        double analyticsLater = analytics.get("second_half_events_per_s");
        double storeLater = storeRun.get("store_second_half_events_per_s");
        out.printf(
                "second halves (the last %d records of each run, past start-up and most of the JIT):%n",
                events - events / 2);
        row(out, "  analytics-service", analyticsLater, "%14.0f", "");
        row(out, "  pass-through with a store per terminal", storeLater, "%14.0f", "");
        row(out, "  ratio analytics / pass-through with a store", analyticsLater / storeLater, "%14.3f", "");
    }

    private static Map<String, Double> ceiling(
            String classpath, List<String> settings, String bootstrap, long events, String mode, Path log)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(settings); // the system properties first, then the class
        arguments.addAll(List.of(StreamsCeilingBenchmark.class.getName(), bootstrap, String.valueOf(events), mode));
        return result(java(classpath, arguments, log, true));
    }
}
