package dev.posmon.bench.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits until analytics' global {@code registry} store holds the imported fleet. The diagnosis API answers 200
 * for a terminal the store knows (404 for one it knows nothing of), and the global consumer reads each registry
 * partition in order: once the last 300 terminals imported (every partition's last writes, with near certainty)
 * are known, every earlier one is.
 */
public final class AnalyticsRegistryWait {

    private static final int LAST = 300;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI analytics;
    private final String token;

    public AnalyticsRegistryWait(URI analytics, String token) {
        this.analytics = analytics;
        this.token = token;
    }

    /** @return seconds waited */
    public long await(BenchFleet fleet, int terminals, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = Math.max(0, terminals - LAST); i < terminals; ) {
            if (known(fleet.terminalId(i))) {
                i++;
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "analytics' registry store does not know " + fleet.terminalId(i) + " after " + timeout);
            } else {
                Thread.sleep(500);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    private boolean known(String terminalId) throws Exception {
        URI uri = analytics.resolve(
                "/v1/terminals/" + URLEncoder.encode(terminalId, StandardCharsets.UTF_8) + "/diagnosis");
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200 && response.statusCode() != 404 && response.statusCode() != 503) {
            throw new IllegalStateException("diagnosis of " + terminalId + " answered " + response.statusCode());
        }
        return response.statusCode() == 200;
    }
}
