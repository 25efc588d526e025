package dev.posmon.bench.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers a fleet through ingest's {@code POST /v1/terminals:import}: NDJSON batches of 2,000 lines (about
 * 500 KB, under the 1 MiB body limit) from a few concurrent clients, each batch sent again on a 503.
 */
public final class FleetImport {

    static final int BATCH = 2_000;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI importUri;
    private final String token;

    public FleetImport(URI ingest, String token) {
        this.importUri = ingest.resolve("/v1/terminals:import");
        this.token = token;
    }

    public void run(BenchFleet fleet, int terminals, int clients) throws Exception {
        int batches = (terminals + BATCH - 1) / BATCH;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int batch = next.getAndIncrement(); batch < batches; batch = next.getAndIncrement()) {
                        post(body(fleet, batch * BATCH, Math.min(terminals, (batch + 1) * BATCH)));
                        int finished = done.incrementAndGet();
                        if (finished % 50 == 0 || finished == batches) {
                            System.err.printf(
                                    "  imported %,d of %,d terminals%n",
                                    Math.min(terminals, finished * BATCH), terminals);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String body(BenchFleet fleet, int from, int to) {
        StringBuilder lines = new StringBuilder((to - from) * 280);
        for (int i = from; i < to; i++) {
            lines.append(fleet.line(i)).append('\n');
        }
        return lines.toString();
    }

    private void post(String body) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(importUri)
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"rejected\":0")) {
                return;
            }
            if (response.statusCode() != 503 || attempt == 5) {
                throw new IllegalStateException("import answered " + response.statusCode() + ": "
                        + response.body()
                                .substring(0, Math.min(500, response.body().length())));
            }
            Thread.sleep(2_000);
        }
    }
}
