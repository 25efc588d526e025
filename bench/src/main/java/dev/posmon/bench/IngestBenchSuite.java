package dev.posmon.bench;

import static dev.posmon.bench.BenchSteps.java;
import static dev.posmon.bench.BenchSteps.median;
import static dev.posmon.bench.BenchSteps.result;
import static dev.posmon.bench.BenchSteps.row;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code ./posmon bench ingest} as one program, on a box where only the broker runs besides it (the script stops
 * everything else first): a fresh ingest-service process of its own, measured by {@link IngestBenchmark} (in its own
 * JVM); then, ingest stopped so that the producer has the box as ingest had it, Kafka's {@code ProducerPerformance}
 * with records of the size ingest wrote, once with ingest's producer settings and once with the client's defaults
 * (three rounds each, the median); then the table and the ratio.
 *
 * <p>Arguments: bootstrap adminToken ingestJar ingestLog events batchSize clients terminals kafkaToolsDir
 * toolsLog4jConfig.
 */
public final class IngestBenchSuite {

    /**
     * What ingest's {@code Publisher} sets on its producer (compression and linger aside: posmon.ingest.compression and
     * posmon.ingest.linger, given to both), for the raw producer to be held to the same.
     */
    static final List<String> INGEST_PRODUCER_SETTINGS =
            List.of("acks=all", "enable.idempotence=true", "batch.size=131072");

    static final String RAW_TOPIC = "posmon.bench.raw";

    private static final Pattern PRODUCER_RATE = Pattern.compile("^\\d+ records sent, ([0-9.]+) records/sec");

    private IngestBenchSuite() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String admin = args[1];
        Path jar = Path.of(args[2]);
        Path ingestLog = Path.of(args[3]);
        long events = Long.parseLong(args[4]);
        int batch = Integer.parseInt(args[5]);
        int clients = Integer.parseInt(args[6]);
        String terminals = args[7];
        Path tools = Path.of(args[8]);
        String toolsLog4j = args[9];
        String compression = System.getenv().getOrDefault("POSMON_INGEST_COMPRESSION", "lz4");
        // ingest's default (IngestConfig.linger), given to ingest explicitly so that both sides have the same
        Duration linger = Duration.parse(System.getenv().getOrDefault("POSMON_INGEST_LINGER", "PT0.005S"));
        PrintStream out = System.out;

        Map<String, Double> ingest;
        int port = AnalyticsProcess.freePort();
        Process process = startIngest(jar, ingestLog, bootstrap, admin, port, compression, linger);
        Thread reaper = new Thread(process::destroy, "stop-ingest");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            awaitReady(process, port, ingestLog);
            out.printf(
                    "ingest: %d events in batches of %d from %d clients against http://127.0.0.1:%d (after a warm-up)%n",
                    events, batch, clients, port);
            ingest = result(java(
                    System.getProperty("java.class.path"),
                    List.of(
                            IngestBenchmark.class.getName(),
                            "http://127.0.0.1:" + port,
                            admin,
                            String.valueOf(events),
                            String.valueOf(batch),
                            String.valueOf(clients),
                            terminals),
                    null,
                    true));
        } finally {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
        out.println("ingest stopped: the raw producer has the box to itself, as ingest had it");

        long bytes = Math.round(ingest.get("record_bytes"));
        createRawTopic(bootstrap);
        List<String> ingestSettings = new ArrayList<>(INGEST_PRODUCER_SETTINGS);
        ingestSettings.add("linger.ms=" + linger.toMillis());
        ingestSettings.add("compression.type=" + compression);
        out.printf(
                "raw: Kafka's ProducerPerformance, %d records of %d B, ingest's settings: %s%n",
                events, bytes, String.join(" ", ingestSettings));
        double raw = producerRate(tools, toolsLog4j, bootstrap, events, bytes, ingestSettings);
        out.println("raw: the same with the producer's defaults (acks=all, idempotent, linger.ms=5, batch.size=16384,"
                + " no compression)");
        double defaults = producerRate(tools, toolsLog4j, bootstrap, events, bytes, List.of());

        double rate = ingest.get("events_per_s");
        out.printf(
                "%n%-58s %14s %10s %10s%n",
                "posmon bench ingest (" + Runtime.getRuntime().availableProcessors()
                        + " cores; broker, ingest, client only)",
                "records/s",
                "p50 ms",
                "p99 ms");
        out.printf(
                "%-58s %14.0f %10.1f %10.1f%n",
                "ingest POST /v1/events (batch " + batch + ", median)",
                rate,
                ingest.get("p50_ms"),
                ingest.get("p99_ms"));
        row(out, "raw producer, ingest's settings (" + bytes + " B, median)", raw, "%14.0f", "");
        row(out, "raw producer, Kafka's defaults (" + bytes + " B, median)", defaults, "%14.0f", "");
        out.println("ingest producer settings: " + String.join(" ", ingestSettings));
        row(out, "ratio ingest / raw producer (same settings)", rate / raw, "%14.2f", "   (target >= 0.5)");
    }

    private static Process startIngest(
            Path jar, Path log, String bootstrap, String admin, int port, String compression, Duration linger)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("POSMON_BENCH_INGEST_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("POSMON_ADMIN_TOKEN", admin);
        env.put("POSMON_INGEST_COMPRESSION", compression);
        env.put("POSMON_INGEST_LINGER", linger.toString());
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(
                log,
                "\n===== " + Instant.now() + " bench: ingest on port " + port + " =====\n",
                StandardCharsets.UTF_8);
        Process process = builder.start();
        System.out.printf("ingest-service started: pid %d, port %d, log %s%n", process.pid(), port, log);
        return process;
    }

    private static void awaitReady(Process process, int port, Path log) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (status(http, ready) != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ingest-service exited (code " + process.exitValue()
                        + ") before it was ready; see " + log + "\n" + AnalyticsProcess.tail(log, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ingest-service not ready within 120 s; see " + log);
            }
            Thread.sleep(250);
        }
    }

    private static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            System.out.println("ingest-service did not stop within 30 s of SIGTERM: SIGKILL");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void createRawTopic(String bootstrap) throws InterruptedException, ExecutionException {
        try (Admin admin = BenchKafka.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(RAW_TOPIC, 12, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The median records/s of three ProducerPerformance rounds. */
    private static double producerRate(
            Path tools, String log4j, String bootstrap, long events, long bytes, List<String> settings)
            throws IOException, InterruptedException {
        List<Double> rates = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            List<String> arguments = new ArrayList<>(List.of(
                    "-Dlog4j2.configurationFile=" + log4j,
                    "org.apache.kafka.tools.ProducerPerformance",
                    "--topic",
                    RAW_TOPIC,
                    "--num-records",
                    String.valueOf(events),
                    "--record-size",
                    String.valueOf(bytes),
                    "--throughput",
                    "-1",
                    "--producer-props",
                    "bootstrap.servers=" + bootstrap));
            arguments.addAll(settings);
            arguments.addAll(BenchKafka.toolConfig(bootstrap, "--producer.config"));
            List<String> lines = java(tools.resolve("*").toString(), arguments, null, false);
            String last = lines.get(lines.size() - 1);
            System.out.println("  round " + round + ": " + last);
            Matcher m = PRODUCER_RATE.matcher(last);
            if (!m.find()) {
                throw new IllegalStateException("ProducerPerformance printed no rate: " + last);
            }
            rates.add(Double.parseDouble(m.group(1)));
        }
        return median(rates);
    }
}
