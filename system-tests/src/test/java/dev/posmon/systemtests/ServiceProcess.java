package dev.posmon.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.testing.PosmonScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A packaged Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a child
 * process: {@code java -jar} with its port, the broker, the admin token and extra environment; output in
 * {@code system-tests/target/<module>-<run>-<n>.log}. {@link #kill()} is SIGKILL, {@link #stop()} SIGTERM.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // A test JVM that ends without its @AfterAll (e.g. interrupted) takes its children with it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "service-process-reaper"));
    }

    private final String module;
    private final String run;
    private final Path jar;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final int port;
    private final int start;
    private final Path log;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(
            String module,
            String run,
            Path jar,
            Map<String, String> env,
            List<String> jvmOptions,
            int port,
            int start) {
        this.module = module;
        this.run = run;
        this.jar = jar;
        this.env = env;
        this.jvmOptions = jvmOptions;
        this.port = port;
        this.start = start;
        this.log = targetDir().resolve(module + "-" + run + "-" + start + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(targetDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        try {
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        RUNNING.add(process);
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} on a free port; returns at once (see
     * {@link #awaitReady()}).
     */
    static ServiceProcess start(
            String module,
            String run,
            String bootstrap,
            String adminToken,
            Map<String, String> extraEnv,
            List<String> jvmOptions) {
        Map<String, String> env = new LinkedHashMap<>();
        int port = freePort();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("POSMON_ADMIN_TOKEN", adminToken);
        env.putAll(extraEnv);
        return new ServiceProcess(module, run, packagedJar(module), Map.copyOf(env), List.copyOf(jvmOptions), port, 1);
    }

    /** ingest-service on a free port. */
    static ServiceProcess startIngest(String run, String bootstrap, String adminToken) {
        return start("ingest-service", run, bootstrap, adminToken, Map.of(), List.of("-Xmx512m"));
    }

    /**
     * analytics-service on a free port with its own Kafka Streams application id and state directory and the
     * given grace. Also {@code auto.offset.reset=latest}: under a fresh application id Kafka Streams would
     * otherwise replay every attempt the topic already holds (the other test class's; on a shared broker,
     * anyone's), and their event times would move stream time past the windows a test is about to send. A
     * restart with the same application id resumes from its committed offsets.
     */
    static ServiceProcess startAnalytics(
            String run, String bootstrap, String adminToken, String applicationId, Path stateDir, Duration grace) {
        return start(
                "analytics-service",
                run,
                bootstrap,
                adminToken,
                Map.of(
                        "QUARKUS_KAFKA_STREAMS_APPLICATION_ID", applicationId,
                        "POSMON_ANALYTICS_STATE_DIR", stateDir.toString(),
                        "POSMON_ANALYTICS_GRACE", grace.toString()),
                List.of("-Xmx512m", "-Dkafka-streams.auto.offset.reset=latest"));
    }

    /**
     * alerting on a free port with its own database on the real PostgreSQL (Flyway migrates it) and its own consumer
     * group, started at the end of the cube and health topics: the cells other test classes' analytics emitted on
     * this broker would otherwise teach its detector their failure ratios first.
     */
    static ServiceProcess startAlerting(
            String run, String bootstrap, String adminToken, String database, String groupId) {
        return startAlerting(run, bootstrap, adminToken, database, groupId, Map.of());
    }

    /** alerting as {@link #startAlerting(String, String, String, String, String)}, with more environment (receivers, settle, instance id). */
    static ServiceProcess startAlerting(
            String run,
            String bootstrap,
            String adminToken,
            String database,
            String groupId,
            Map<String, String> extraEnv) {
        dev.posmon.testing.KafkaTestResource.startGroupAtEnd(
                bootstrap,
                groupId,
                List.of(
                        dev.posmon.contract.topic.Topics.SIGNON_CUBE.name(),
                        dev.posmon.contract.topic.Topics.TERMINAL_HEALTH.name()));
        String hostPort = dev.posmon.testing.PostgresTestResource.HOST_PORT;
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://" + hostPort + "/" + database,
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                "postgresql://" + hostPort + "/" + database,
                "QUARKUS_DATASOURCE_USERNAME",
                "postgres",
                "POSMON_ALERTING_GROUP_ID",
                groupId));
        env.putAll(extraEnv);
        return start("alerting", run, bootstrap, adminToken, env, List.of("-Xmx384m"));
    }

    /** The readiness document, or null when the service does not answer 200 (not ready, or not up). */
    JsonNode readiness() {
        return health("/q/health/ready");
    }

    /** The same service again (same port, environment and options), e.g. after {@link #kill()}; returns at once. */
    ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(module + " is still running (pid " + process.pid() + ")");
        }
        return new ServiceProcess(module, run, jar, env, jvmOptions, port, start + 1);
    }

    /** The module's packaged jar, or a failure that says how to build it. */
    static Path packagedJar(String module) {
        Path jar = PosmonScript.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "missing " + jar + ": the system tests run the packaged services; run ./mvnw -B verify "
                            + "from the repository root (or ./mvnw -B -pl ingest-service,analytics-service -am package -DskipTests) first");
        }
        return jar;
    }

    /** {@code system-tests/target}, where the logs and state directories of the child processes go. */
    static Path targetDir() {
        Path target = PosmonScript.root().resolve("system-tests").resolve("target");
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Waits (bounded) until {@code GET /q/health/ready} answers 200; fails with the log's tail otherwise. */
    ServiceProcess awaitReady() {
        return awaitHealth("/q/health/ready", body -> true, "ready");
    }

    /**
     * Waits (bounded) until the service is ready and its Kafka Streams state is RUNNING. analytics' readiness
     * only checks that its input topics exist; the streams' state is in the liveness check.
     */
    ServiceProcess awaitStreamsRunning() {
        awaitReady();
        return awaitHealth(
                "/q/health/live", body -> body.findValuesAsText("state").contains("RUNNING"), "Kafka Streams RUNNING");
    }

    private ServiceProcess awaitHealth(String path, Predicate<JsonNode> healthy, String what) {
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(this + " exited with " + process.exitValue() + " before it was "
                            + what + ":\n" + logTail(80));
                }
                JsonNode body = health(path);
                return body != null && healthy.test(body);
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    this + " not " + what + " within " + READY_TIMEOUT + ":\n" + logTail(80), e);
        }
        return this;
    }

    /** The health document at the path if it answered 200, else null. */
    private JsonNode health(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? ContractJson.mapper().readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * {@code method path} (no body) with the bearer token ({@code null}: none) and the Accept header ({@code null}: none);
     * the answer, whatever its status.
     */
    HttpResponse<String> call(String method, String path, String bearer, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri(path) + " of " + this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    /** The module whose jar runs, e.g. {@code alerting}. */
    String module() {
        return module;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux {@link Process#destroyForcibly()}): no shutdown hook, no flush, no commit. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the service shuts down gracefully (SIGKILL if it has not exited after 30 s). */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitForExit();
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    /** The last lines of the process's output. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " (last " + Math.min(lines, all.size()) + " lines) ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops the service if it still runs; safe to call on a killed process. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        RUNNING.remove(process);
    }

    /** Closes every given service, null-safe, each even if another fails. */
    static void closeAll(ServiceProcess... services) {
        RuntimeException failure = null;
        for (ServiceProcess service : services) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A port nobody listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return module + "#" + start + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }
}
