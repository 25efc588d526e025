package dev.posmon.bench.scale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.bench.BenchTraffic;
import dev.posmon.bench.registry.BenchFleet;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.io.IngestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a fleet's peak against ingest on the wall clock, with event time = now: the morning sign-on wave (every
 * terminal signs on once within {@code wave}, walking the fleet in order, with the usual mix of outcomes) and
 * telemetry from every terminal every {@code telemetryEvery}. Paced in 100 ms steps, posted in batches of up to 200
 * by a few clients; a batch that finds every client busy and the queue full is counted as not sent (the generator,
 * or ingest, could not keep the pace) rather than delaying the clock.
 */
final class PeakLoad {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final int BATCH = 200;

    record Figures(
            double seconds,
            long sent,
            long accepted,
            long notSent,
            long failedBatches,
            double signOnsPerSecond,
            double telemetryPerSecond) {
        double acceptedPerSecond() {
            return accepted / seconds;
        }
    }

    private final IngestClient ingest;
    private final String token;
    private final BenchFleet fleet;
    private final int terminals;
    private final double signOnsPerSecond;
    private final double telemetryPerSecond;
    private final int clients;

    PeakLoad(
            IngestClient ingest,
            String token,
            BenchFleet fleet,
            int terminals,
            Duration wave,
            Duration telemetryEvery,
            int clients) {
        this.ingest = ingest;
        this.token = token;
        this.fleet = fleet;
        this.terminals = terminals;
        this.signOnsPerSecond = terminals / (double) wave.toSeconds();
        this.telemetryPerSecond = terminals / (double) telemetryEvery.toSeconds();
        this.clients = clients;
    }

    double eventsPerSecond() {
        return signOnsPerSecond + telemetryPerSecond;
    }

    /** Plays for {@code duration}; {@code progress} runs on the pacing thread about every 10 s. */
    Figures play(Duration duration, Runnable progress) throws InterruptedException {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(clients, clients, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(clients * 4));
        AtomicLong accepted = new AtomicLong();
        AtomicLong failedBatches = new AtomicLong();
        long sent = 0;
        long notSent = 0;
        long signOns = 0;
        long telemetry = 0;
        SplittableRandom random = new SplittableRandom(11);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextProgress = start + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            long dueSignOns = (long) (elapsed * signOnsPerSecond) - signOns;
            long dueTelemetry = (long) (elapsed * telemetryPerSecond) - telemetry;
            Instant now = Instant.now();
            ArrayNode batch = JSON.createArrayNode();
            while (dueSignOns > 0 || dueTelemetry > 0) {
                if (dueSignOns > 0
                        && (dueTelemetry == 0 || random.nextDouble() * (dueSignOns + dueTelemetry) < dueSignOns)) {
                    batch.add(signOn((int) (signOns++ % terminals), now, random));
                    dueSignOns--;
                } else {
                    batch.add(telemetry((int) (telemetry++ % terminals), now, random));
                    dueTelemetry--;
                }
                if (batch.size() == BATCH || dueSignOns == 0 && dueTelemetry == 0) {
                    byte[] body = bytes(batch);
                    int size = batch.size();
                    batch = JSON.createArrayNode();
                    try {
                        pool.execute(() -> post(body, size, accepted, failedBatches));
                        sent += size;
                    } catch (RejectedExecutionException e) {
                        notSent += size;
                    }
                }
            }
            if (System.nanoTime() >= nextProgress) {
                progress.run();
                nextProgress += TimeUnit.SECONDS.toNanos(10);
            }
            Thread.sleep(100);
        }
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(
                seconds, sent, accepted.get(), notSent, failedBatches.get(), signOnsPerSecond, telemetryPerSecond);
    }

    private static byte[] bytes(ArrayNode batch) {
        try {
            return JSON.writeValueAsBytes(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    private ObjectNode signOn(int i, Instant now, SplittableRandom random) {
        return BenchTraffic.signOnJson(fleet.terminalId(i), i, now, random).put("hostId", fleet.hostId(i));
    }

    private ObjectNode telemetry(int i, Instant now, SplittableRandom random) {
        return BenchTraffic.telemetryJson(fleet.terminalId(i), i, now, random);
    }

    private void post(byte[] body, int size, AtomicLong accepted, AtomicLong failedBatches) {
        try {
            if (ingest.postEncoded(token, body) == 200) {
                accepted.addAndGet(size);
            } else {
                failedBatches.incrementAndGet();
            }
        } catch (Exception e) {
            failedBatches.incrementAndGet();
        }
    }
}
