package dev.posmon.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (the Debian {@code prometheus} binary) as a child process: scrapes the given services'
 * {@code /q/metrics} every second under their job names, evaluates the given rule files every second, keeps
 * its TSDB in a directory of its own; {@link #query} is its HTTP API's instant query.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The prometheus binary on PATH (or /usr/bin); a failure naming the Debian package when there is none. */
    static Path binary() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no prometheus binary on PATH nor in /usr/bin: install the Debian package "
                                + "'prometheus' (apt-get install prometheus; .ci/run does)"));
    }

    /**
     * Writes {@code prometheus.yml} into {@code dir} (scrape jobs by name → {@code host:port} targets), starts
     * Prometheus on a free port with its TSDB under {@code dir/data}, and waits until it is ready.
     */
    static PrometheusServer start(Path dir, Map<String, String> jobs, List<Path> ruleFiles) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            StringBuilder yaml = new StringBuilder("""
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    rule_files:
                    """);
            ruleFiles.forEach(
                    rules -> yaml.append("  - ").append(rules.toAbsolutePath()).append('\n'));
            yaml.append("scrape_configs:\n");
            jobs.forEach((job, target) -> yaml.append("  - job_name: ")
                    .append(job)
                    .append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['")
                    .append(target)
                    .append("']\n"));
            Files.writeString(config, yaml);
            int port = ServiceProcess.freePort();
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(
                            binary().toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--storage.tsdb.retention.time=1h")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer prometheus = new PrometheusServer(process, log, port);
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus in " + dir, e);
        }
    }

    private void awaitReady() {
        await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                return http.send(
                                        HttpRequest.newBuilder(uri("/-/ready"))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** {@code GET /api/v1/query}: the whole answer ({@code status}, {@code data}, {@code error}), whatever its HTTP status. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The values a label has on the series matching a selector, sorted (Grafana's {@code label_values(selector, label)}). */
    List<String> labelValues(String selector, String label) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/series?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("series " + selector + ": " + answer);
        }
        TreeSet<String> values = new TreeSet<>();
        answer.path("data").forEach(series -> {
            if (series.hasNonNull(label)) {
                values.add(series.get(label).asText());
            }
        });
        return new ArrayList<>(values);
    }

    /** The scrape targets' health, e.g. {@code alerting=up}. */
    String targets() throws IOException, InterruptedException {
        JsonNode active = get("/api/v1/targets").path("data").path("activeTargets");
        List<String> health = new ArrayList<>();
        active.forEach(target -> health.add(target.path("labels").path("job").asText() + "="
                + target.path("health").asText()
                + (target.path("lastError").asText().isEmpty()
                        ? ""
                        : " (" + target.path("lastError").asText() + ")")));
        return health.stream().sorted().collect(Collectors.joining(", "));
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri(pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
