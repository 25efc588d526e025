package dev.posmon.bench.registry;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.simulator.io.IngestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers a fleet of any size through ingest's {@code POST /v1/terminals:import} from a few concurrent clients:
 * each takes the next batch of 2,000 records (about 500 KB of NDJSON, under the 1 MiB body limit), generated only
 * then so that a million-terminal fleet is never in memory at once, and imports it with the shared
 * {@link IngestClient} (which retries on 503 and fails unless every record was imported).
 */
public final class FleetImport {

    static final int BATCH = 2_000;

    private final IngestClient ingest;
    private final String token;

    public FleetImport(IngestClient ingest, String token) {
        this.ingest = ingest;
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
                        ingest.importTerminals(
                                token, records(fleet, batch * BATCH, Math.min(terminals, (batch + 1) * BATCH)));
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

    private static List<TerminalRecord> records(BenchFleet fleet, int from, int to) {
        List<TerminalRecord> records = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            records.add(fleet.record(i));
        }
        return records;
    }
}
