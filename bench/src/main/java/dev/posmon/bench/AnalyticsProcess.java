package dev.posmon.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * A fresh analytics-service process for one run: started with its own application id, port and state directory, sampled
 * (committed offsets, CPU) until it has processed every record of the run, its metrics scraped at the end.
 */
final class AnalyticsProcess {

    private AnalyticsProcess() {}

    private static final Pattern RUNNING = Pattern.compile("\"state\"\\s*:\\s*\"RUNNING\"");

    static final Duration SAMPLE = Duration.ofMillis(500);

    static final Duration PRINT = Duration.ofSeconds(5);

    /**
     * Stream threads for the analytics run (and the ceilings): POSMON_BENCH_STREAM_THREADS, by default one per core, as
     * deploy/k8s/README.md advises.
     */
    static int streamThreads() {
        String threads = System.getenv("POSMON_BENCH_STREAM_THREADS");
        return threads == null || threads.isBlank()
                ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(threads.trim());
    }

    /** The system property by which {@link AnalyticsBenchSuite} gives its steps the commit interval it resolved. */
    static final String COMMIT_INTERVAL_PROPERTY = "posmon.bench.commit-interval-ms";

    /**
     * The Kafka Streams commit interval of the analytics run and the ceilings, as {@link AnalyticsBenchSuite} resolved
     * it ({@link #commitIntervalMs(Path)}), else POSMON_BENCH_COMMIT_INTERVAL_MS; empty for analytics' default.
     */
    static Optional<Integer> commitIntervalMs() {
        String ms = System.getProperty(COMMIT_INTERVAL_PROPERTY, System.getenv("POSMON_BENCH_COMMIT_INTERVAL_MS"));
        return ms == null || ms.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(ms.trim()));
    }

    /**
     * The commit interval for a run of that analytics jar: POSMON_BENCH_COMMIT_INTERVAL_MS when the caller set one,
     * else the jar's own {@code kafka-streams.commit.interval.ms}, so that the ceilings run with the settings of the
     * analytics they are compared with.
     */
    static Optional<Integer> commitIntervalMs(Path analyticsJar) throws IOException {
        Optional<Integer> set = commitIntervalMs();
        return set.isPresent() ? set : AnalyticsSettings.of(analyticsJar).commitIntervalMs();
    }

    /**
     * The system property by which {@link AnalyticsBenchSuite} gives the ceilings the producer settings of the analytics
     * jar it measures ({@link AnalyticsSettings#producerSettings()}), as {@code key=value} pairs separated by {@code ;}.
     */
    static final String PRODUCER_SETTINGS_PROPERTY = "posmon.bench.producer-settings";

    /** {@link #PRODUCER_SETTINGS_PROPERTY} as a system property value. */
    static String producerSettingsArgument(Map<String, String> settings) {
        StringBuilder value = new StringBuilder();
        settings.forEach((key, setting) ->
                value.append(value.isEmpty() ? "" : ";").append(key).append('=').append(setting));
        return "-D" + PRODUCER_SETTINGS_PROPERTY + "=" + value;
    }

    /** The producer settings {@link AnalyticsBenchSuite} gave this step (Kafka Streams' keys), in their order. */
    static Map<String, String> producerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        String value = System.getProperty(PRODUCER_SETTINGS_PROPERTY, "");
        for (String pair : value.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                settings.put(
                        pair.substring(0, equals).trim(),
                        pair.substring(equals + 1).trim());
            }
        }
        return settings;
    }

    /** One look at the group's progress, with the analytics process' CPU time (user+system, ms) at that moment. */
    record Sample(long nanos, long processed, long cpuMillis) {}

    record Run(double secondsToRunning, List<Sample> samples, Sample firstProgress, Sample caughtUp, String metrics) {}

    static Run runAnalytics(
            Admin admin,
            String bootstrap,
            Path jar,
            Path logFile,
            String applicationId,
            Path stateDir,
            int port,
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to,
            long timeoutS)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String opts = System.getenv("POSMON_BENCH_ANALYTICS_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", applicationId);
        env.put("POSMON_ANALYTICS_STATE_DIR", stateDir.toString());
        env.put("POSMON_ADMIN_TOKEN", "x");
        env.put("KAFKA_STREAMS_NUM_STREAM_THREADS", String.valueOf(streamThreads()));
        commitIntervalMs().ifPresent(ms -> env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", String.valueOf(ms)));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(
                logFile,
                "\n===== " + Instant.now() + " bench: analytics " + applicationId + " on port " + port + " =====\n",
                StandardCharsets.UTF_8); // one run per log: a run can log hundreds of MB (see the report)

        long total = KafkaOffsets.sum(to) - KafkaOffsets.sum(from);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        long started = System.nanoTime();
        Process process = builder.start();
        // Ctrl-C on the benchmark must not leave the analytics process running.
        Thread reaper = new Thread(process::destroy, "stop-analytics");
        Runtime.getRuntime().addShutdownHook(reaper);
        System.out.printf(
                "analytics-service started: pid %d, port %d, %d stream thread(s), application id %s, state %s, log %s%n",
                process.pid(), port, streamThreads(), applicationId, stateDir, logFile);
        try {
            // RUNNING = Quarkus' "Kafka Streams state health check" (a liveness check) says so; readiness only checks
            // the topics.
            double toRunning = -1;
            long deadline = started + TimeUnit.SECONDS.toNanos(timeoutS);
            List<Sample> samples = new ArrayList<>();
            Sample first = null;
            Sample last = new Sample(started, 0, 0);
            long lastPrint = started;
            Sample lastPrinted = last;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("analytics-service exited (code " + process.exitValue()
                            + ") during the run; see " + logFile + "\n" + tail(logFile, 40));
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException(String.format(
                            "analytics-service did not catch up within %d s: %,d of %,d records processed;" + " see %s",
                            timeoutS, last.processed, total, logFile));
                }
                if (toRunning < 0
                        && RUNNING.matcher(body(http, base.resolve("/q/health/live")))
                                .find()) {
                    toRunning = (now - started) / 1e9;
                    System.out.printf(
                            "  RUNNING after %.1f s (GET /q/health/live: Kafka Streams state RUNNING)%n", toRunning);
                }
                long processed = KafkaOffsets.committed(admin, applicationId, from, to);
                Sample sample = new Sample(System.nanoTime(), processed, cpuMillis(process.pid()));
                samples.add(sample);
                if (first == null && processed > 0) {
                    first = sample;
                }
                last = sample;
                boolean done = processed >= total;
                if (sample.nanos - lastPrint >= PRINT.toNanos() || done) {
                    double window = (sample.nanos - lastPrinted.nanos) / 1e9;
                    System.out.printf(
                            "  %6.1f s  processed %,11d / %,d  lag %,11d  rate %,9.0f events/s%n",
                            (sample.nanos - started) / 1e9,
                            processed,
                            total,
                            total - processed,
                            window > 0 ? (processed - lastPrinted.processed) / window : 0.0);
                    lastPrint = sample.nanos;
                    lastPrinted = sample;
                }
                if (done) {
                    break;
                }
                Thread.sleep(SAMPLE.toMillis());
            }
            String metrics = get(http, base.resolve("/q/metrics"));
            return new Run(toRunning, samples, first, last, metrics);
        } finally {
            process.destroy(); // SIGTERM
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.out.println("analytics-service did not stop within 30 s of SIGTERM: SIGKILL");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("analytics-service stopped (exit %d)%n", process.exitValue());
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** utime + stime of a process from /proc (USER_HZ = 100 on Linux); -1 where there is no /proc. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The body of a GET, or "" while the service does not answer. */
    static String body(HttpClient http, URI uri) {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
