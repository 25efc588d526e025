package dev.posmon.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code .ci/run} installs)
 * as a child process on a free port, with a minimal config (one root route, a receiver that sends
 * nowhere). It can be stopped and started again on the same port and storage, to test delivery after an
 * outage of the receiver.
 */
public final class Alertmanager implements AutoCloseable {

    public static final String BINARY = System.getProperty("posmon.alertmanager", "/usr/bin/prometheus-alertmanager");

    private final Path dir;
    private final int port;
    private Process process;

    private Alertmanager(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    public static Alertmanager start() {
        if (!installed()) {
            throw new IllegalStateException(
                    BINARY + " is missing: install Debian's prometheus-alertmanager (.ci/run does)");
        }
        try {
            Path dir = Files.createTempDirectory("posmon-alertmanager");
            Files.writeString(dir.resolve("alertmanager.yml"), """
                    route:
                      receiver: posmon-test
                      group_by: ['incident_id']
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: 1h
                    receivers:
                      - name: posmon-test
                    """);
            Alertmanager alertmanager = new Alertmanager(dir, freePort());
            alertmanager.resume();
            return alertmanager;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts (again) and waits until it answers /-/ready. */
    public void resume() {
        try {
            process = new ProcessBuilder(List.of(
                            BINARY,
                            "--config.file=" + dir.resolve("alertmanager.yml"),
                            "--storage.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--cluster.listen-address=",
                            "--log.level=warn"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("alertmanager.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + BINARY, e);
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("alertmanager exited: see " + dir.resolve("alertmanager.log"));
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("alertmanager did not become ready on " + url());
    }

    /** Stops it (SIGTERM) and waits for the process to end. */
    public void pause() {
        process.destroy();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code GET /api/v2/alerts} as raw JSON. */
    public String alerts() {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            pause();
        }
    }
}
